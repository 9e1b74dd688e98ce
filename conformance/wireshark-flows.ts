/**
 * Wireshark-mode flows against tshark (conformance/expected/tshark-flows.json): per capture, the TCP and UDP
 * conversation counts of the statistics (src/analysis/conversations.ts) and of the flow table in `wireshark`
 * mode must both equal the rows of `tshark -z conv,tcp` and `-z conv,udp`. The flow table's count includes the
 * outer UDP conversations of tunnels (VXLAN, Geneve, GTP, Teredo): tshark lists them too (the corpus says so:
 * with them 1298 of 1320 captures agree, without them 1258).
 */
import type { FileResult } from './corpus-runner.ts'
import type { Observed } from './difference-list.ts'
import type { FlowDigest } from './flow-digest.ts'
import type { FlowOracleEntry } from './flow-oracle.ts'

export interface WiresharkComparison {
  readonly observed: readonly Observed[]
  /** Captures read by both nettwin and tshark and compared on both counts. */
  readonly compared: number
  /** Of those, captures where both counts agree for the statistics and the flow table. */
  readonly equal: number
}

/** The count nettwin reports: one number when the statistics and the flow table agree, both otherwise. */
export function oursText(statistics: number, flows: number): string {
  return statistics === flows ? String(statistics) : `statistics ${statistics}, flow table ${flows}`
}

export function compareWithTshark(
  results: readonly FileResult<FlowDigest>[],
  oracle: Readonly<Record<string, FlowOracleEntry>>,
  relativePath: (absolute: string) => string,
): WiresharkComparison {
  const observed: Observed[] = []
  let compared = 0
  let equal = 0
  for (const r of results) {
    const subject = relativePath(r.path)
    const t = oracle[subject]
    const read = (ours: string, expected: string): void => {
      observed.push({ subject, field: 'flows-read', ours, expected })
    }
    if (!t) {
      read('no oracle entry', 'recorded (run npm run oracle -- --flows)')
      continue
    }
    if (t.timedOut || t.tcpConversations === null || t.udpConversations === null) {
      read('no tshark tables', `refresh it: npm run oracle -- --flows ${subject}`)
      continue
    }
    if (t.size !== r.size) {
      read(`file is ${r.size} bytes`, `oracle recorded ${t.size} bytes (corpus changed: run npm run oracle -- --flows)`)
      continue
    }
    const res = r.result
    if (res.kind !== 'ok') {
      read(res.kind === 'format-error' ? `FormatError ${res.code}` : res.kind === 'exception' ? res.message : res.kind, 'ok')
      continue
    }
    compared++
    const d = res.summary
    const before = observed.length
    const check = (field: string, statistics: number, flows: number, tshark: number): void => {
      if (statistics === tshark && flows === tshark) return
      observed.push({ subject, field, ours: oursText(statistics, flows), expected: String(tshark) })
    }
    check('conv,tcp', d.conversations.tcp, d.flows.tcp, t.tcpConversations)
    check('conv,udp', d.conversations.udp, d.flows.udp, t.udpConversations)
    if (observed.length === before) equal++
  }
  return { observed, compared, equal }
}
