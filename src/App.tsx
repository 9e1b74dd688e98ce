/** The page: open or drop a capture, watch it being read, read its summary. */
import { useEffect } from 'react'
import { CaptureSummaryView } from './components/CaptureSummaryView.tsx'
import { DropZone } from './components/DropZone.tsx'
import { ErrorBoundary } from './components/ErrorBoundary.tsx'
import { ErrorMessage } from './components/ErrorMessage.tsx'
import { FilePicker } from './components/FilePicker.tsx'
import { ProgressBar } from './components/ProgressBar.tsx'
import { SAMPLES, openFile, openSample, sampleFromQuery, useAnalysisStore } from './state/analysis-store.ts'

/** ?sample= is honoured once per page load (React's StrictMode runs effects twice in development). */
let queryHandled = false

function Intro() {
  return (
    <section className="intro card" data-testid="intro">
      <h2>Analyse a network capture in your browser</h2>
      <p>
        Open or drop a pcap or pcapng file (gzip-compressed is fine). It is read inside this page, in a background
        thread: nothing is uploaded anywhere.
      </p>
    </section>
  )
}

export function App() {
  const phase = useAnalysisStore((s) => s.phase)
  const summary = useAnalysisStore((s) => s.summary)
  const error = useAnalysisStore((s) => s.error)
  const finished = useAnalysisStore((s) => s.finished)

  // The app-state signals end-to-end tests wait on instead of sleeping.
  useEffect(() => {
    document.body.dataset.state = phase
    document.body.dataset.finished = String(finished)
  }, [phase, finished])

  useEffect(() => {
    if (queryHandled) return
    queryHandled = true
    const sample = sampleFromQuery(window.location.search)
    if (sample) void openSample(sample)
  }, [])

  const onFile = (file: File) => void openFile(file)

  return (
    <DropZone onFile={onFile}>
      <header className="app-header">
        <h1>nettwin</h1>
        <div className="actions">
          <FilePicker onFile={onFile} />
          <button type="button" onClick={() => void openSample(SAMPLES[0])} data-testid="open-sample">
            Open the sample capture
          </button>
          <span className="muted drop-hint">or drop a file anywhere on this page</span>
        </div>
      </header>
      <main>
        <ErrorBoundary>
          {phase === 'reading' && <ProgressBar />}
          {phase === 'error' && error && <ErrorMessage error={error} hasSummary={summary !== null} />}
          {summary ? <CaptureSummaryView summary={summary} /> : phase === 'idle' && <Intro />}
        </ErrorBoundary>
      </main>
    </DropZone>
  )
}
