/**
 * The summary of one capture: what the file is, how much it holds, when it was taken, and what nettwin found in
 * it. Every string that came from the file is rendered as React text: names go through escapeDisplay here,
 * comments arrive already escaped by the reader (format.ts ReadReport.comments).
 */
import type { ReactNode } from 'react'
import type { CaptureSummary } from '../analysis/capture-summary.ts'
import { formatCount, formatDuration, formatSize, formatUtc } from '../lib/display-format.ts'
import { escapeDisplay } from '../lib/escape.ts'
import { linkTypeName } from '../lib/link-type-names.ts'
import { CountTable } from './CountTable.tsx'

/** Pcapng comments can be many; showing the first few is enough for an overview. */
const MAX_COMMENTS = 20

function Fact({ label, testId, children }: { readonly label: string; readonly testId?: string; readonly children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  )
}

function ByteCount({ bytes, testId }: { readonly bytes: number; readonly testId: string }) {
  return (
    <>
      <span data-testid={testId}>{formatCount(bytes)}</span> bytes <span className="muted">({formatSize(bytes)})</span>
    </>
  )
}

export function CaptureSummaryView({ summary }: { readonly summary: CaptureSummary }) {
  const s = summary
  const protocols = Object.entries(s.protocols)
  const anomalies = Object.entries(s.anomalies)
  const states = Object.entries(s.flowStates).filter(([, n]) => n > 0)
  const unsupported = Object.entries(s.unsupportedLinkTypes).map(([lt, n]) => [`${lt} ${linkTypeName(Number(lt))}`, n] as const)
  const linkTypes = s.linkTypes.map((lt) => `${lt} ${linkTypeName(lt)}`).join(', ')

  return (
    <section className="summary card" aria-labelledby="summary-title" data-testid="summary" data-partial={s.partial}>
      <h2 id="summary-title">
        <span className="file-name" data-testid="summary-file-name">{escapeDisplay(s.fileName)}</span>
      </h2>
      {s.cancelled && (
        <p className="notice" data-testid="summary-partial">
          Partial summary: reading was cancelled, so these numbers cover only the start of the file.
        </p>
      )}
      {s.truncated !== false && (
        <p className="notice" data-testid="summary-truncated">
          The file is cut short: its data ends unusably at byte {formatCount(s.truncated)}. Packets before that point are counted.
        </p>
      )}
      <dl className="facts">
        <Fact label="Format" testId="summary-format">
          {s.format || '…'}
          {s.compression === 'gzip' && ', gzip-compressed'}
        </Fact>
        <Fact label="Link types" testId="summary-link-types">{linkTypes || 'none'}</Fact>
        <Fact label="Packets" testId="summary-packets">{formatCount(s.packets)}</Fact>
        <Fact label="Bytes on the wire">
          <ByteCount bytes={s.bytes} testId="summary-bytes" />
        </Fact>
        <Fact label="Captured bytes">
          <ByteCount bytes={s.capturedBytes} testId="summary-captured-bytes" />
        </Fact>
        <Fact label="First packet (UTC)" testId="summary-first">{s.start === null ? '–' : formatUtc(s.start)}</Fact>
        <Fact label="Last packet (UTC)" testId="summary-last">{s.end === null ? '–' : formatUtc(s.end)}</Fact>
        <Fact label="Duration" testId="summary-duration">{formatDuration(s.duration)}</Fact>
        <Fact label="IP conversations" testId="summary-ip-conversations">
          {s.ipConversationsEstimated === true ? 'about ' : ''}
          {formatCount(s.ipConversations)}
        </Fact>
        <Fact label={`Flows (${s.flowMode} rules)`} testId="summary-flows">
          {s.flowsEstimated ? 'about ' : ''}
          {formatCount(s.flows)}
        </Fact>
        <Fact label="IP endpoints" testId="summary-endpoints">{formatCount(s.endpoints)}</Fact>
        <Fact label="Timestamp precision">{s.timePrecision}</Fact>
      </dl>

      <div className="tables">
        {protocols.length > 0 ? (
          <CountTable caption="Protocols (a packet counts once per layer it carries)" nameHeader="Protocol" countHeader="Packets" rows={protocols} total={s.packets} testId="summary-protocols" />
        ) : (
          <p className="muted">No protocol was decoded.</p>
        )}

        {anomalies.length > 0 ? (
          <CountTable caption="Anomalies (malformed or unusual data, decoded as far as it was sound)" nameHeader="Code" countHeader="Count" rows={anomalies} testId="summary-anomalies" />
        ) : (
          <p className="muted" data-testid="summary-no-anomalies">No anomalies.</p>
        )}

        {states.length > 0 && (
          <CountTable caption="Flow states (Zeek conn_state: SF normal, S0 no answer, REJ rejected, ...)" nameHeader="State" countHeader="Flows" rows={states} total={s.flows} testId="summary-flow-states" />
        )}

        {unsupported.length > 0 && (
          <CountTable caption="Link types nettwin cannot decode (still counted in packets and bytes)" nameHeader="Link type" countHeader="Packets" rows={unsupported} testId="summary-unsupported" />
        )}
      </div>

      {s.comments.length > 0 && (
        <div className="comments">
          <h3>Comments in the file</h3>
          <ul>
            {s.comments.slice(0, MAX_COMMENTS).map((c, i) => (
              <li key={i}>{c}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  )
}
