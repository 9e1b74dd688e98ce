import { beforeEach, describe, expect, it } from 'vitest'
import { DEFAULT_PREFERENCES, PREFERENCES_KEY, applyTheme, parsePreferences, setPreferences, usePreferences } from './preferences-store.ts'

class MemoryStorage {
  readonly map = new Map<string, string>()
  failWrites = false
  getItem(k: string): string | null {
    return this.map.get(k) ?? null
  }
  setItem(k: string, v: string): void {
    if (this.failWrites) throw new DOMException('full', 'QuotaExceededError')
    this.map.set(k, v)
  }
}

describe('parsePreferences', () => {
  it('falls back per field on anything invalid', () => {
    expect(parsePreferences(null)).toEqual(DEFAULT_PREFERENCES)
    expect(parsePreferences('not json')).toEqual(DEFAULT_PREFERENCES)
    expect(parsePreferences('[1,2]')).toEqual(DEFAULT_PREFERENCES)
    expect(parsePreferences(JSON.stringify({ theme: 'neon', linkSpeedBps: -1, keepOriginalFile: 'yes', welcomed: true }))).toEqual({ ...DEFAULT_PREFERENCES, welcomed: true })
    expect(parsePreferences(JSON.stringify({ theme: 'dark', linkSpeedBps: 1e8 })).linkSpeedBps).toBe(1e8)
    expect(parsePreferences('{"__proto__":{"theme":"dark"}}').theme).toBe('system')
  })
})

describe('setPreferences', () => {
  let storage: MemoryStorage
  beforeEach(() => {
    storage = new MemoryStorage()
    Object.defineProperty(globalThis, 'localStorage', { value: storage, configurable: true })
    usePreferences.setState(DEFAULT_PREFERENCES)
  })

  it('stores the validated preferences', () => {
    setPreferences({ theme: 'dark', keepOriginalFile: true })
    expect(usePreferences.getState()).toMatchObject({ theme: 'dark', keepOriginalFile: true })
    expect(parsePreferences(storage.getItem(PREFERENCES_KEY))).toEqual(usePreferences.getState())
    setPreferences({ linkSpeedBps: Number.NaN })
    expect(usePreferences.getState().linkSpeedBps).toBe(DEFAULT_PREFERENCES.linkSpeedBps)
  })

  it('still applies a setting when storage refuses to keep it', () => {
    storage.failWrites = true
    expect(() => setPreferences({ theme: 'light' })).not.toThrow()
    expect(usePreferences.getState().theme).toBe('light')
  })
})

describe('applyTheme', () => {
  it('sets data-theme for light and dark and removes it for system', () => {
    const root = { dataset: {} as Record<string, string> } as unknown as HTMLElement
    applyTheme('dark', root)
    expect(root.dataset.theme).toBe('dark')
    applyTheme('system', root)
    expect(root.dataset.theme).toBeUndefined()
  })
})
