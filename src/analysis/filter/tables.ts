/**
 * The tables a filter can run on, each with the fields its rows can answer. Using a field a table lacks is an
 * error that names the table, rather than a filter that silently matches nothing.
 */
import { FIELDS, type FieldDef, lookupField } from './fields.ts'
import { FilterError, quote } from './errors.ts'
import type { FieldRef } from './ast.ts'
import { closest } from './suggest.ts'

export interface FilterTable {
  /** As shown in messages: "flows", "conversations", "endpoints". */
  readonly name: string
  /** Canonical names of the fields rows of this table can answer. */
  readonly fields: ReadonlySet<string>
}

export function defineTable(name: string, fields: readonly string[]): FilterTable {
  for (const f of fields) if (lookupField(f)?.name !== f) throw new Error(`table ${name}: "${f}" is not a canonical field name`)
  return { name, fields: new Set(fields) }
}

const PORT_FIELDS = ['port', 'src.port', 'dst.port', 'tcp.port', 'tcp.srcport', 'tcp.dstport', 'udp.port', 'udp.srcport', 'udp.dstport']
const PAIR_COUNTS = ['bytes', 'packets', 'bytes.orig', 'bytes.resp', 'packets.orig', 'packets.resp', 'duration']
/** Fields FlowRecord has no column for (none since MACs and the HTTP request line joined it). */
const NOT_IN_FLOW_RECORDS = new Set<string>()
const ENDPOINT_ONLY = new Set(['tx.bytes', 'rx.bytes', 'tx.packets', 'rx.packets'])

/** Flows (src/flows/flow-records.ts), read through flow-adapter.ts. */
export const FLOWS_TABLE = defineTable(
  'flows',
  FIELDS.map((d) => d.name).filter((n) => !NOT_IN_FLOW_RECORDS.has(n) && !ENDPOINT_ONLY.has(n)),
)

/** Conversations (src/analysis/conversations.ts): address pairs, with ports for TCP and UDP. */
export const CONVERSATIONS_TABLE = defineTable('conversations', [
  'ip.src', 'ip.dst', 'ip.addr', 'eth.src', 'eth.dst', 'eth.addr', 'ip', 'ipv6', 'eth', 'tcp', 'udp', 'ip.proto', 'proto',
  ...PORT_FIELDS, ...PAIR_COUNTS, 'start', 'end', 'label',
])

/** IP endpoints (src/analysis/endpoints.ts): one address per row. */
export const ENDPOINTS_TABLE = defineTable('endpoints', [
  'ip.addr', 'ip', 'ipv6', 'bytes', 'packets', 'tx.bytes', 'rx.bytes', 'tx.packets', 'rx.packets', 'label',
])

/** The field `ref` names in `table`; a FilterError with a suggestion when it is unknown or unavailable. */
export function resolveField(ref: FieldRef, table: FilterTable): FieldDef {
  const def = lookupField(ref.name)
  if (def !== undefined && table.fields.has(def.name)) return def
  if (def !== undefined) {
    const hint = def.name === 'ip.src' || def.name === 'ip.dst' ? ' (use ip.addr)' : ''
    throw new FilterError(`${quote(ref.name)} is not available in the ${table.name} table${hint}`, ref.start, ref.end)
  }
  const names: string[] = []
  for (const d of FIELDS) {
    if (!table.fields.has(d.name)) continue
    names.push(d.name)
    for (const a of d.aliases) names.push(a)
  }
  const guess = closest(ref.name, names)
  const suggestion = guess === null ? '' : ` — did you mean ${quote(guess)}?`
  throw new FilterError(`unknown field ${quote(ref.name)}${suggestion}`, ref.start, ref.end)
}
