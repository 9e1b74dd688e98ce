/**
 * The page: a header (capture name, open, sessions, settings, theme), the list of views and the current view,
 * with progress, errors and notices above it. Dropping a file anywhere opens it (a .nettwin file is imported
 * as a session instead).
 */
import { startTransition, useEffect, useState } from 'react'
import { CaptureSummaryView } from './components/CaptureSummaryView.tsx'
import { ColumnMappingDialog } from './components/ColumnMappingDialog.tsx'
import { DropZone } from './components/DropZone.tsx'
import { ErrorBoundary } from './components/ErrorBoundary.tsx'
import { ErrorMessage } from './components/ErrorMessage.tsx'
import { SessionsPanel } from './components/sessions/SessionsPanel.tsx'
import { EstimateBanner, PartialBanner, StorageBanner, UpdateBanner } from './components/shell/Banners.tsx'
import { warmChartCode } from './components/shell/Chart.tsx'
import { Header, type Panel } from './components/shell/Header.tsx'
import { ProgressPanel } from './components/shell/ProgressPanel.tsx'
import { SettingsPanel } from './components/shell/SettingsPanel.tsx'
import { ViewFrame } from './components/shell/ViewFrame.tsx'
import { ViewNav } from './components/shell/ViewNav.tsx'
import { VIEWS, viewById } from './components/views/index.ts'
import { TableScreen } from './components/views/TableScreen.tsx'
import { openFile, useAnalysisStore } from './state/analysis-store.ts'
import { importSessionBlob } from './state/sessions-store.ts'
import { startApp } from './state/startup.ts'
import { useTableStore } from './state/table-store.ts'
import { useViewStore } from './state/view-store.ts'

function Intro() {
  return (
    <section className="intro card" data-testid="intro">
      <h2>Analyse a network capture in your browser</h2>
      <p>
        Open or drop a pcap or pcapng file (gzip-compressed is fine), or a traffic table: CSV, TSV or JSON lines
        such as NSL-KDD, CIC-IDS2017, UNSW-NB15, Zeek logs or a Wireshark CSV export. It is read inside this page,
        in a background thread: nothing is uploaded anywhere, and the result is kept in this browser as a session.
      </p>
    </section>
  )
}

const onFile = (file: File): void => {
  if (/\.nettwin$/i.test(file.name)) void importSessionBlob(file)
  else void openFile(file)
}

export function App() {
  const phase = useAnalysisStore((s) => s.phase)
  const summary = useAnalysisStore((s) => s.summary)
  const error = useAnalysisStore((s) => s.error)
  const finished = useAnalysisStore((s) => s.finished)
  const latestSource = useAnalysisStore((s) => s.source)
  const view = viewById(useViewStore((s) => s.view))
  const table = useTableStore((s) => s.table)
  const pendingMapping = useTableStore((s) => s.pending)
  const [panel, setPanel] = useState<Panel>(null)
  // A new capture's views mount in a transition, which React renders in slices: mounting a whole view at once
  // (while the worker keeps the other core busy) was a main-thread task of 60-80 ms.
  const [source, setSource] = useState(latestSource)
  useEffect(() => startTransition(() => setSource(latestSource)), [latestSource])
  const caughtUp = source === latestSource

  // The app-state signals end-to-end tests wait on instead of sleeping (mirrored once the views caught up).
  useEffect(() => {
    if (!caughtUp) return
    document.body.dataset.state = phase
    document.body.dataset.finished = String(finished)
  }, [phase, finished, caughtUp])

  useEffect(() => {
    void startApp()
    warmChartCode()
  }, [])

  return (
    <DropZone onFile={onFile}>
      <Header panel={panel} onPanel={setPanel} />
      <div className={source ? 'layout' : 'layout single'}>
        {source && <ViewNav views={VIEWS} current={view.id} />}
        <main>
          <UpdateBanner />
          <StorageBanner />
          {panel === 'sessions' && <SessionsPanel onClose={() => setPanel(null)} />}
          {panel === 'settings' && <SettingsPanel onClose={() => setPanel(null)} />}
          <ErrorBoundary>
            {phase === 'reading' && <ProgressPanel />}
            {phase === 'error' && error && !(error.code === 'needs-mapping' && pendingMapping) && (
              <ErrorMessage error={error} hasSummary={summary !== null || table !== null} />
            )}
            {pendingMapping && <ColumnMappingDialog key={pendingMapping.fileName} pending={pendingMapping} />}
            <PartialBanner />
            <EstimateBanner />
            {/* While the views mount (the transition above), the bare summary is not drawn: a wasted render. */}
            {source ? (
              <ViewFrame view={view} source={source} />
            ) : latestSource ? null : table ? (
              <TableScreen summary={table} />
            ) : summary ? (
              <CaptureSummaryView summary={summary} />
            ) : (
              phase === 'idle' && <Intro />
            )}
          </ErrorBoundary>
        </main>
      </div>
    </DropZone>
  )
}
