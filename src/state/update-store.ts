/**
 * The service worker (vite-plugin-pwa, registerType 'prompt'): the app works offline once loaded, and a new
 * version waits until the user accepts it; the prompt never reloads while a file is being read. Registered
 * from main.tsx by a bundled module (no inline script, so the strict CSP holds).
 */
import { create } from 'zustand'
import { useAnalysisStore } from './analysis-store.ts'

interface UpdateState {
  /** A new version is installed and waiting. */
  readonly ready: boolean
  /** The app is cached and works offline. */
  readonly offlineReady: boolean
}

export const useUpdateStore = create<UpdateState>(() => ({ ready: false, offlineReady: false }))

let update: ((reload?: boolean) => Promise<void>) | null = null

/** Registers the service worker (in production builds only; the dev server has none). */
export async function initServiceWorker(): Promise<void> {
  if (!import.meta.env.PROD || typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return
  try {
    const { registerSW } = await import('virtual:pwa-register')
    update = registerSW({
      immediate: true,
      onNeedRefresh: () => useUpdateStore.setState({ ready: true }),
      onOfflineReady: () => useUpdateStore.setState({ offlineReady: true }),
      onRegisterError: () => useUpdateStore.setState({ offlineReady: false }),
    })
  } catch {
    // No service worker (blocked, private mode): the app still works online.
  }
}

/** Switches to the waiting version (reloads the page); refused while a file is being read. */
export async function applyUpdate(): Promise<void> {
  if (!update || useAnalysisStore.getState().phase === 'reading') return
  await update(true)
}
