/**
 * Part (a) of the flow conformance suite: every well-formed capture analysed in `wireshark` flow mode (one worker
 * thread, flow-worker.ts) and compared with tshark's TCP and UDP conversation tables (wireshark-flows.ts).
 * Differences must be listed with their reason in known-differences.tsv (fields conv,tcp, conv,udp and flows-read),
 * and listed ones must still occur.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { checkedCaptures, corpusDir, knownDifferencesPath } from './corpus-index.ts'
import { runFilesInWorker, type FileResult } from './corpus-runner.ts'
import { describeObserved, reconcile, type Reconciled } from './difference-list.ts'
import type { FlowDigest, FlowJobOptions } from './flow-digest.ts'
import { FLOW_DIRS, flowOraclePath, type FlowOracleFile } from './flow-oracle.ts'
import { readKnownDifferences } from './known-differences.ts'
import { compareWithTshark, type WiresharkComparison } from './wireshark-flows.ts'

/** Fields of known-differences.tsv that this part owns. */
export const WIRESHARK_FLOW_FIELDS: readonly string[] = ['conv,tcp', 'conv,udp', 'flows-read']
/** Minimum share of captures whose TCP and UDP counts (statistics and flow table) equal tshark's. */
const AGREEMENT = 0.98

export function describeWiresharkFlows(): void {
  let comparison: WiresharkComparison
  let reconciled: Reconciled
  let results: FileResult<FlowDigest>[] = []

  beforeAll(async () => {
    if (!existsSync(flowOraclePath)) throw new Error('conformance/expected/tshark-flows.json is missing: run `npm run oracle -- --flows`')
    const oracle = (JSON.parse(readFileSync(flowOraclePath, 'utf8')) as FlowOracleFile).files
    // The flow fields are this part's; the packet oracle's lines (packets, bytes, ...) belong to corpus.test.ts.
    const known = readKnownDifferences(knownDifferencesPath).filter((k) => WIRESHARK_FLOW_FIELDS.includes(k.field))
    const captures = await checkedCaptures(FLOW_DIRS)
    const options: FlowJobOptions = { flowMode: 'wireshark', connections: false }
    const jobs = captures.map((c) => ({ path: join(corpusDir, c.path), size: oracle[c.path]?.size ?? 0, options }))
    results = await runFilesInWorker<FlowDigest>('./flow-worker.ts', jobs, (size) => 30_000 + (size / 2 ** 20) * 5_000)
    comparison = compareWithTshark(results, oracle, (p) => relative(corpusDir, p).split('\\').join('/'))
    reconciled = reconcile(comparison.observed, known, 'known-differences.tsv')
  })

  afterAll(() => {
    if (!comparison) return
    const { compared, equal } = comparison
    console.log(
      `flows (a) wireshark mode vs tshark conv,tcp/conv,udp: ${compared} captures, ${equal} equal ` +
        `(${((100 * equal) / Math.max(1, compared)).toFixed(1)}%, statistics and flow table), ` +
        `${reconciled.explained.length} known differences, ${reconciled.unexplained.length} unexplained`,
    )
  })

  it('has captures to check, all read by nettwin and tshark', () => {
    expect(results.length).toBeGreaterThan(0)
    const unread = reconciled.unexplained.filter((o) => o.field === 'flows-read')
    expect(describeObserved(unread)).toEqual([])
  })

  it('lists every TCP and UDP count difference in known-differences.tsv', () => {
    const bad = reconciled.unexplained.filter((o) => o.field !== 'flows-read')
    expect(describeObserved(bad), `${bad.length} unexplained difference(s) (subject, field, ours, tshark)`).toEqual([])
  })

  it('has no stale flow lines in known-differences.tsv', () => {
    expect(reconciled.stale).toEqual([])
  })

  it(`equals tshark on at least ${AGREEMENT * 100}% of captures`, () => {
    expect(comparison.compared).toBeGreaterThan(0)
    expect(comparison.equal / comparison.compared).toBeGreaterThanOrEqual(AGREEMENT)
  })
}
