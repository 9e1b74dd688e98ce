/**
 * Downloads of the twin lab: the twin's ordinary traffic (pcap, pcapng), the traffic with the attacks injected
 * (pcap, pcapng) and the ground-truth labels CSV; and "open in the views", which reads the injected traffic as a
 * new analysis so the Alerts and every other view show it.
 */
import { exportTwinFile, openInjected, useTwinStore } from '../../state/twin-store.ts'
import type { TwinExportKind } from '../../twin/lab/lab-types.ts'

const TWIN: readonly [TwinExportKind, string][] = [['twin-pcap', 'Twin traffic (pcap)'], ['twin-pcapng', 'Twin traffic (pcapng)']]
const INJECTED: readonly [TwinExportKind, string][] = [['injected-pcap', 'With attacks (pcap)'], ['injected-pcapng', 'With attacks (pcapng)'], ['labels-csv', 'Labels (CSV)']]

export function TwinExports() {
  const exporting = useTwinStore((s) => s.exporting)
  const hasRun = useTwinStore((s) => s.result !== null)
  const busy = useTwinStore((s) => s.phase !== 'ready')
  const button = ([kind, label]: [TwinExportKind, string], enabled: boolean) => (
    <button key={kind} type="button" className="small" disabled={!enabled || busy || exporting !== null} data-testid={`twin-export-${kind}`}
      onClick={() => void exportTwinFile(kind)}>
      {exporting === kind ? 'Preparing…' : label}
    </button>
  )
  return (
    <section className="card" data-testid="twin-exports">
      <h3>Export</h3>
      <div className="alert-actions">{TWIN.map((e) => button(e, true))}</div>
      <div className="alert-actions">
        {INJECTED.map((e) => button(e, hasRun))}
        <button type="button" className="small" disabled={!hasRun || busy || exporting !== null} data-testid="twin-open-injected" onClick={() => void openInjected()}>
          Open with attacks in the views
        </button>
      </div>
      <p className="muted">
        {hasRun
          ? 'The labels list every attack packet (frame numbers as Wireshark counts them) and every attack flow, so another tool can be scored against the same truth. Opening the traffic with attacks replaces the capture on screen with it.'
          : 'Run scenarios to export the traffic with attacks and its labels.'}
      </p>
    </section>
  )
}
