/**
 * The user's settings, kept in localStorage (small, synchronous, read before the first render so the theme
 * never flashes) and validated field by field when read back: a damaged or foreign value falls back to the
 * default for that field only.
 */
import { create } from 'zustand'

export type Theme = 'system' | 'light' | 'dark'

export interface Preferences {
  /** Colour theme; 'system' follows prefers-color-scheme. */
  readonly theme: Theme
  /** Link speed in bits per second that link utilisation is measured against (host details). */
  readonly linkSpeedBps: number
  /** Keep the original capture file with each saved session (costs storage the size of the file). */
  readonly keepOriginalFile: boolean
  /** Save every finished analysis as a session automatically. */
  readonly autoSave: boolean
  /** The welcome sample was opened once already (the first visit opens it so the app never starts empty). */
  readonly welcomed: boolean
}

export const PREFERENCES_KEY = 'nettwin.preferences'
export const DEFAULT_PREFERENCES: Preferences = { theme: 'system', linkSpeedBps: 1e9, keepOriginalFile: false, autoSave: true, welcomed: false }
export const LINK_SPEEDS_BPS: readonly number[] = [1e6, 1e7, 1e8, 1e9, 2.5e9, 1e10, 2.5e10, 4e10, 1e11]

/** Reads stored preferences; anything invalid falls back to its default. Never throws. */
export function parsePreferences(text: string | null): Preferences {
  let raw: unknown = null
  try {
    raw = text === null ? null : JSON.parse(text)
  } catch {
    raw = null
  }
  const o = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {}
  const own = (k: string): unknown => (Object.hasOwn(o, k) ? o[k] : undefined)
  const theme = own('theme')
  const speed = own('linkSpeedBps')
  const bool = (k: keyof Preferences): boolean => (typeof own(k) === 'boolean' ? (own(k) as boolean) : (DEFAULT_PREFERENCES[k] as boolean))
  return {
    theme: theme === 'light' || theme === 'dark' || theme === 'system' ? theme : DEFAULT_PREFERENCES.theme,
    linkSpeedBps: typeof speed === 'number' && Number.isFinite(speed) && speed >= 1e3 && speed <= 1e13 ? speed : DEFAULT_PREFERENCES.linkSpeedBps,
    keepOriginalFile: bool('keepOriginalFile'),
    autoSave: bool('autoSave'),
    welcomed: bool('welcomed'),
  }
}

function readStored(): Preferences {
  try {
    return parsePreferences(globalThis.localStorage?.getItem(PREFERENCES_KEY) ?? null)
  } catch {
    // localStorage can throw (disabled storage, sandboxed frame): defaults then, and nothing is kept.
    return DEFAULT_PREFERENCES
  }
}

export const usePreferences = create<Preferences>(() => readStored())

/** Changes some preferences and stores them (best effort: a full or disabled localStorage keeps them for this page). */
export function setPreferences(change: Partial<Preferences>): void {
  usePreferences.setState(parsePreferences(JSON.stringify({ ...usePreferences.getState(), ...change })))
  try {
    globalThis.localStorage?.setItem(PREFERENCES_KEY, JSON.stringify(usePreferences.getState()))
  } catch {
    // Not persisted; the setting still applies to this page.
  }
}

/** Puts the theme on <html data-theme> (styles.css reads it); 'system' removes it. */
export function applyTheme(theme: Theme, root: HTMLElement = document.documentElement): void {
  if (theme === 'system') delete root.dataset.theme
  else root.dataset.theme = theme
}
