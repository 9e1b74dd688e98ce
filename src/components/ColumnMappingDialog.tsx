/**
 * Maps the columns of a table no dialect recognises: the engine's proposal (a column per canonical field, from
 * the header names and sample values) is shown as one select per field, with the first rows below for
 * reference; the user corrects it and reads the table through it. Column names and cells come from the file
 * and are shown as React text only, escaped.
 */
import { useState } from 'react'
import type { CanonicalField, ColumnMapping } from '../formats/tables/index.ts'
import { FLOW_FIELDS, PACKET_FIELDS } from '../formats/tables/mapping-synonyms.ts'
import { escapeDisplay } from '../lib/escape.ts'
import { applyColumnMapping, cancelColumnMapping } from '../state/table-actions.ts'
import type { PendingMapping } from '../state/table-store.ts'

const FIELD_NAMES: Readonly<Record<CanonicalField, string>> = {
  time: 'Time (start)',
  endTime: 'End time',
  duration: 'Duration',
  srcAddr: 'Source address',
  dstAddr: 'Destination address',
  srcPort: 'Source port',
  dstPort: 'Destination port',
  protocol: 'Protocol',
  service: 'Service',
  origPkts: 'Packets from the source',
  respPkts: 'Packets from the destination',
  totalPkts: 'Packets (total)',
  origBytes: 'Bytes from the source',
  respBytes: 'Bytes from the destination',
  totalBytes: 'Bytes (total)',
  connState: 'Connection state',
  uid: 'Connection id',
  label: 'Label (ground truth)',
  length: 'Frame length',
  info: 'Info',
}

type Fields = { [F in CanonicalField]?: number }

function fieldsOf(m: ColumnMapping): Fields {
  const out: Fields = {}
  for (const [f, c] of Object.entries(m.fields) as [CanonicalField, { column: number } | undefined][]) if (c !== undefined) out[f] = c.column
  return out
}

/** Columns chosen for more than one field (each column can serve one field only). */
function duplicates(fields: Fields): Set<number> {
  const seen = new Set<number>()
  const twice = new Set<number>()
  for (const c of Object.values(fields)) if (c !== undefined) (seen.has(c) ? twice : seen).add(c)
  return twice
}

export function ColumnMappingDialog({ pending }: { readonly pending: PendingMapping }) {
  const proposed = pending.request.proposal.mapping
  const start = pending.remembered ?? proposed
  const [target, setTarget] = useState<'flows' | 'packets'>(start.target)
  const [fields, setFields] = useState<Fields>(() => fieldsOf(start))
  const columns = proposed.columns
  const shown = target === 'flows' ? FLOW_FIELDS : PACKET_FIELDS
  const twice = duplicates(Object.fromEntries(shown.map((f) => [f, fields[f]])))

  const submit = (): void => {
    const chosen: { [F in CanonicalField]?: { column: number; confidence: number } } = {}
    for (const f of shown) {
      const c = fields[f]
      if (c !== undefined && c >= 0 && c < columns.length) chosen[f] = { column: c, confidence: 1 }
    }
    const used = new Set(Object.values(chosen).map((c) => c.column))
    const mapping: ColumnMapping = {
      ...proposed,
      target,
      fields: chosen,
      featureColumns: target === 'flows' ? proposed.featureColumns.filter((c) => !used.has(c)) : [],
    }
    void applyColumnMapping(mapping)
  }

  return (
    <div className="dialog-backdrop">
      <section className="card mapping-dialog" role="dialog" aria-modal="true" aria-labelledby="mapping-title" data-testid="mapping-dialog">
        <h2 id="mapping-title">
          Map the columns of <span className="file-name">{escapeDisplay(pending.fileName)}</span>
        </h2>
        <p>
          nettwin does not know this table's layout. It guessed which column holds what{pending.remembered ? ' (as you mapped a table with the same columns before)' : ''};
          correct the guesses and read the table.
        </p>
        <form
          onSubmit={(e) => {
            e.preventDefault()
            if (twice.size === 0) submit()
          }}
        >
          <label>
            Each row is{' '}
            <select value={target} onChange={(e) => setTarget(e.currentTarget.value === 'packets' ? 'packets' : 'flows')} data-testid="mapping-target">
              <option value="flows">a flow (connection)</option>
              <option value="packets">a packet</option>
            </select>
          </label>
          <dl className="mapping-fields">
            {shown.map((f) => (
              <div key={f} className="fact">
                <dt>
                  <label htmlFor={`mapping-${f}`}>{FIELD_NAMES[f]}</label>
                </dt>
                <dd>
                  <select
                    id={`mapping-${f}`}
                    data-testid={`mapping-field-${f}`}
                    value={fields[f] ?? -1}
                    aria-invalid={fields[f] !== undefined && twice.has(fields[f])}
                    onChange={(e) => {
                      const c = Number(e.currentTarget.value)
                      setFields((old) => ({ ...old, [f]: c >= 0 ? c : undefined }))
                    }}
                  >
                    <option value={-1}>(none)</option>
                    {columns.map((name, i) => (
                      <option key={i} value={i}>
                        {escapeDisplay(name, 60)}
                      </option>
                    ))}
                  </select>
                </dd>
              </div>
            ))}
          </dl>
          {twice.size > 0 && (
            <p className="notice" role="alert" data-testid="mapping-error">
              A column can hold only one field: {[...twice].map((c) => escapeDisplay(columns[c] ?? '', 60)).join(', ')} is chosen more than once.
            </p>
          )}
          <table className="count-table mapping-sample" data-testid="mapping-sample">
            <caption>First rows</caption>
            <thead>
              <tr>
                {columns.map((name, i) => (
                  <th key={i} scope="col">{escapeDisplay(name, 40)}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {pending.request.sampleRows.map((row, r) => (
                <tr key={r}>
                  {columns.map((_, i) => (
                    <td key={i}>{escapeDisplay(row[i] ?? '', 40)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
          <div className="dialog-buttons">
            <button type="button" onClick={cancelColumnMapping} data-testid="mapping-cancel">
              Cancel
            </button>
            <button type="submit" className="primary" disabled={twice.size > 0} data-testid="mapping-apply">
              Read the table
            </button>
          </div>
        </form>
      </section>
    </div>
  )
}
