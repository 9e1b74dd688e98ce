/**
 * The summary of a traffic table: its dialect (with a select to read it again as another one), records, rejected
 * rows and why, time span and addresses, or a clear note when the dataset has none, and the records per
 * protocol, service and state. Every string from the file (names, reasons, addresses) is React text, escaped
 * for display.
 */
import type { ReactNode } from 'react'
import type { TableSummary } from '../../analysis/table-summary.ts'
import type { TableDialectId } from '../../formats/tables/index.ts'
import { formatCount, formatDuration, formatSize, formatUtc } from '../../lib/display-format.ts'
import { escapeDisplay } from '../../lib/escape.ts'
import { rereadTableAs } from '../../state/table-actions.ts'
import { useTableStore } from '../../state/table-store.ts'
import { CountTable } from '../CountTable.tsx'
import { DIALECT_IDS, DIALECT_NAMES } from './table-dialects.ts'

/** Rows of each ranked table: enough for an overview, bounded for a table with many distinct values. */
const MAX_ROWS = 25

function Fact({ label, testId, children }: { readonly label: string; readonly testId?: string; readonly children: ReactNode }) {
  return (
    <div className="fact">
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  )
}

const top = (counts: { readonly [name: string]: number }): [string, number][] =>
  Object.entries(counts)
    .slice(0, MAX_ROWS)
    .map(([name, n]) => [escapeDisplay(name, 80), n])

function TimeFacts({ s }: { readonly s: TableSummary }) {
  if (!s.hasTimestamps || s.start === null || s.end === null) {
    return <Fact label="Time span" testId="table-no-timestamps">This dataset has no timestamps</Fact>
  }
  if (s.timeBase === 'relative') return <Fact label="Time span (relative)" testId="table-duration">{formatDuration(s.end - s.start)}</Fact>
  return (
    <>
      <Fact label="First record (UTC)" testId="table-first">{formatUtc(s.start)}</Fact>
      <Fact label="Last record (UTC)" testId="table-last">{formatUtc(s.end)}</Fact>
    </>
  )
}

function DialectChoice({ current }: { readonly current: TableDialectId }) {
  // A table reopened from a saved session has no file to read again.
  const hasFile = useTableStore((s) => s.hasFile)
  return (
    <label className="dialect-choice" title={hasFile ? undefined : 'A saved session keeps the table as it was read; open the file again to read it as another dialect.'}>
      Read as{' '}
      <select
        value={current}
        disabled={!hasFile}
        data-testid="table-dialect-select"
        onChange={(e) => {
          const id = DIALECT_IDS.find((d) => d === e.currentTarget.value)
          if (id !== undefined && id !== current) void rereadTableAs(id)
        }}
      >
        {DIALECT_IDS.map((id) => (
          <option key={id} value={id}>
            {DIALECT_NAMES[id]}
          </option>
        ))}
      </select>
    </label>
  )
}

function RejectedRows({ s }: { readonly s: TableSummary }) {
  const r = s.rejectedRows
  if (r.count === 0) return null
  return (
    <div className="table-rejected" data-testid="table-rejected">
      <CountTable caption="Rejected rows by reason" nameHeader="Reason" countHeader="Rows" rows={top(r.reasons)} testId="table-rejected-reasons" />
      {r.examples.length > 0 && (
        <p className="muted">
          First rejected lines: {r.examples.map((e) => `${formatCount(e.line)} (${escapeDisplay(e.reason, 80)})`).join(', ')}
        </p>
      )}
    </div>
  )
}

export function TableSummaryView({ summary }: { readonly summary: TableSummary }) {
  const s = summary
  return (
    <section className="summary card" aria-labelledby="table-title" data-testid="table-summary">
      <h2 id="table-title">
        <span className="file-name" data-testid="table-file-name">{escapeDisplay(s.fileName)}</span>
      </h2>
      {s.truncated !== false && (
        <p className="notice" data-testid="table-truncated">
          Reading stopped{s.truncated.line > 0 ? ` at line ${formatCount(s.truncated.line)}` : ''}: {escapeDisplay(s.truncated.reason, 300)}. The
          records before that point are counted.
        </p>
      )}
      <dl className="facts">
        <Fact label="Format" testId="table-dialect">
          {escapeDisplay(s.dialectLabel)}
          {s.compression === 'gzip' && ', gzip-compressed'}
          {s.confidence < 1 && <span className="muted"> (detected, confidence {s.confidence.toFixed(2)})</span>}
        </Fact>
        <Fact label="Records" testId="table-records">{formatCount(s.records)}</Fact>
        {s.flows > 0 && <Fact label="Flow records" testId="table-flows">{formatCount(s.flows)}</Fact>}
        {s.packets > 0 && <Fact label="Packet records" testId="table-packets">{formatCount(s.packets)}</Fact>}
        {s.facts > 0 && <Fact label="Log entries about connections" testId="table-facts">{formatCount(s.facts)}</Fact>}
        <Fact label="Rejected rows" testId="table-rejected-count">{formatCount(s.rejectedRows.count)}</Fact>
        {s.bytes > 0 && <Fact label="Bytes" testId="table-bytes">{formatCount(s.bytes)} <span className="muted">({formatSize(s.bytes)})</span></Fact>}
        <TimeFacts s={s} />
        {!s.hasAddresses && <Fact label="Addresses" testId="table-no-addresses">This dataset has no addresses</Fact>}
        <Fact label="Columns">{formatCount(s.columns.length)}</Fact>
      </dl>
      <DialectChoice current={s.dialect} />
      <RejectedRows s={s} />
      <div className="summary-tables">
        {Object.keys(s.protocols).length > 0 && <CountTable caption="Records per protocol" nameHeader="Protocol" countHeader="Records" rows={top(s.protocols)} total={s.flows + s.packets} testId="table-protocols" />}
        {Object.keys(s.services).length > 0 && <CountTable caption="Flows per service" nameHeader="Service" countHeader="Flows" rows={top(s.services)} total={s.flows} testId="table-services" />}
        {Object.keys(s.connStates).length > 0 && <CountTable caption="Flows per connection state" nameHeader="State" countHeader="Flows" rows={top(s.connStates)} total={s.flows} testId="table-states" />}
        {s.topTalkers.length > 0 && (
          <CountTable caption="Top talkers by bytes" nameHeader="Address" countHeader="Bytes" rows={s.topTalkers.map((t) => [escapeDisplay(t.address, 64), t.bytes])} testId="table-talkers" />
        )}
      </div>
    </section>
  )
}
