/**
 * What happens once when the page loads, in order: the theme, the URL (a session id, a built-in sample, the
 * view and filter), files the operating system launched the app with (PWA file handlers), the session
 * storage and its cleanup, and, on the very first visit, the built-in sample so the app never starts empty.
 * body[data-ready] is set when this is done, so end-to-end tests can wait for it. Then, once the page is idle
 * and unless it shows a stored session (which needs no engine), the engine worker is started ahead of the first
 * file (engine-client.ts prepareEngine says why), and so is the topology's layout worker when the page opens on
 * a view that draws the topology.
 */
import { prepareLayoutWorker } from '../components/explore/topology-layout-client.ts'
import { prepareEngine } from '../engine-client.ts'
import { SAMPLES, openFile, openSample, sampleFromQuery } from './analysis-store.ts'
import { applyTheme, setPreferences, usePreferences } from './preferences-store.ts'
import { openStoredSession } from './session-actions.ts'
import { refreshSessions, storageConnection } from './sessions-store.ts'
import { syncViewWithUrl, useViewStore } from './view-store.ts'

/** The File Handling API's launch queue (Chromium); absent elsewhere. */
interface LaunchParams {
  readonly files: readonly { getFile(): Promise<File> }[]
}
interface LaunchQueue {
  setConsumer(consumer: (params: LaunchParams) => void): void
}

function launchQueue(): LaunchQueue | null {
  const q = (window as unknown as { launchQueue?: unknown }).launchQueue
  return typeof q === 'object' && q !== null && typeof (q as LaunchQueue).setConsumer === 'function' ? (q as LaunchQueue) : null
}

let started = false

/** Runs `task` when the page is next idle (within a second at most), or soon where idle callbacks are missing. */
function whenIdle(task: () => void): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(() => task(), { timeout: 1000 })
  else setTimeout(task, 200)
}

export async function startApp(): Promise<void> {
  if (started) return
  started = true
  applyTheme(usePreferences.getState().theme)
  usePreferences.subscribe((p, before) => {
    if (p.theme !== before.theme) applyTheme(p.theme)
  })

  // ?sample= is read before the view store rewrites the query string (it keeps only its own parameters).
  const sample = sampleFromQuery(window.location.search)
  syncViewWithUrl()
  const sessionId = useViewStore.getState().sessionId

  let launched = false
  launchQueue()?.setConsumer((params) => {
    const first = params.files[0]
    if (!first) return
    launched = true
    first.getFile().then((f) => openFile(f), () => undefined)
  })

  await storageConnection()
  void refreshSessions()
  try {
    if (launched) return
    if (sessionId) await openStoredSession(sessionId)
    else if (sample) await openSample(sample)
    else if (!usePreferences.getState().welcomed) {
      setPreferences({ welcomed: true })
      await openSample(SAMPLES[0])
    }
  } finally {
    document.body.dataset.ready = 'true'
    // A stored session is shown without the engine: its page loads no engine until a file is opened.
    if (!sessionId) {
      whenIdle(() => {
        // body[data-engine] says when the engine worker is up (the read benchmark hands its file over after it,
        // as a user takes a moment to pick a file): 'ready', or 'failed' when it did not answer.
        void prepareEngine().then((up) => (document.body.dataset.engine = up ? 'ready' : 'failed'))
        const view = useViewStore.getState().view
        if (view === 'topology' || view === 'replay') prepareLayoutWorker()
      })
    }
  }
}
