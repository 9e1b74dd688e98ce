/**
 * Display filters for the flows, conversations and endpoints tables: a Wireshark-like language
 * (`ip.addr == 10.0.0.1 && tcp.port == 443`, `tls.sni contains "example"`, `!dns`), compiled once into
 * closures that test rows through the FilterRecord interface.
 *
 * Semantics, as Wireshark 4: on multi-valued fields (ip.addr, port, tcp.port, eth.addr, tls.alpn) a comparison
 * holds when any value satisfies it, except "!=", which means "all not equal" (`ip.addr != X` is
 * `ip && !(ip.addr == X)`); a row without the field fails every comparison. `contains` and `==` on text are
 * case-sensitive, `matches` is a case-insensitive regular expression. Unlike Wireshark, a bare true/false
 * field (handshake, tunnel) tests that it is true, and values are never other fields.
 */
export type { CompareOp, FieldRef, FilterNode, FilterValue, SetItem, Span } from './ast.ts'
export { compileFilter, MAX_REGEX_LENGTH } from './compile.ts'
export type { CompiledFilter } from './compile.ts'
export { FilterError, MAX_FILTER_LENGTH, MAX_NESTING, toErrorInfo } from './errors.ts'
export type { FilterErrorInfo } from './errors.ts'
export { FIELDS, lookupField } from './fields.ts'
export type { FieldDef, FieldType } from './fields.ts'
export { filterFlowRecords, FlowRecordAccessor, flowRecordAccessor } from './flow-adapter.ts'
export { formatFilter } from './format-filter.ts'
export { parseFilter } from './parser.ts'
export type { AddrKey, FilterRecord, NumKey, StrKey } from './record.ts'
export { ConversationAccessor, EndpointAccessor } from './table-adapters.ts'
export { CONVERSATIONS_TABLE, defineTable, ENDPOINTS_TABLE, FLOWS_TABLE } from './tables.ts'
export type { FilterTable } from './tables.ts'

import { compileFilter, type CompiledFilter } from './compile.ts'
import { FilterError, type FilterErrorInfo } from './errors.ts'
import type { FilterTable } from './tables.ts'

export type FilterResult = { readonly ok: true; readonly filter: CompiledFilter } | { readonly ok: false; readonly error: FilterErrorInfo }

/**
 * compileFilter for a UI: the error comes back as plain data (it survives structured clone). Should anything
 * but a FilterError escape (a bug), it is reported the same way rather than thrown at the page.
 */
export function tryCompileFilter(text: string, table: FilterTable): FilterResult {
  try {
    return { ok: true, filter: compileFilter(text, table) }
  } catch (e) {
    if (e instanceof FilterError) return { ok: false, error: { message: e.message, start: e.start, end: e.end } }
    return { ok: false, error: { message: `the filter could not be compiled (${e instanceof Error ? e.message : 'internal error'})`, start: 0, end: text.length } }
  }
}
