/**
 * Part (c) of the flow conformance suite: where suricata-verify's test.yaml states flow packet or byte counts
 * (suricata-checks.ts), the test's capture analysed in `wireshark` flow mode must give as many flows with those
 * counts (suricata-compare.ts). Wireshark mode, because it is the mode without timeouts: Suricata's flow
 * timeouts (minutes once established) outlast these short captures, while Zeek's (5 s after a close, 10 s for
 * DNS) would split flows Suricata keeps. Differences are listed with reasons in suricata-differences.tsv.
 */
import { statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { corpusDir } from './corpus-index.ts'
import { runFilesInWorker } from './corpus-runner.ts'
import { describeObserved, reconcile, type Observed, type Reconciled } from './difference-list.ts'
import type { FlowDigest, FlowJobOptions } from './flow-digest.ts'
import { readKnownDifferences } from './known-differences.ts'
import { readFlowChecks, TARGET_VERSION, type FlowCheck } from './suricata-checks.ts'
import { evaluateCheck } from './suricata-compare.ts'

const here = dirname(fileURLToPath(import.meta.url))
const testsDir = join(corpusDir, 'labelled', 'suricata-verify', 'tests')

export function describeSuricataFlows(): void {
  let checks: FlowCheck[] = []
  let passed = 0
  let withoutCapture = 0
  let reconciled: Reconciled

  beforeAll(async () => {
    checks = readFlowChecks(testsDir)
    const captures = [...new Set(checks.flatMap((c) => (c.pcap === null ? [] : [c.pcap])))].sort()
    const options: FlowJobOptions = { flowMode: 'wireshark', connections: true }
    const jobs = captures.map((path) => ({ path, size: statSync(path).size, options }))
    const results = await runFilesInWorker<FlowDigest>('./flow-worker.ts', jobs, (size) => 30_000 + (size / 2 ** 20) * 5_000)
    const byPath = new Map(results.map((r) => [r.path, r]))
    const observed: Observed[] = []
    for (const check of checks) {
      if (check.pcap === null) {
        withoutCapture++
        continue
      }
      const r = byPath.get(check.pcap)
      if (!r || r.result.kind !== 'ok' || r.result.summary.connections === null) {
        observed.push({ subject: check.test, field: 'read', ours: r ? r.result.kind : 'not run', expected: 'ok' })
        continue
      }
      const outcome = evaluateCheck(check, r.result.summary.connections)
      if (outcome.pass) passed++
      else if (outcome.observed) observed.push(outcome.observed)
    }
    reconciled = reconcile(observed, readKnownDifferences(join(here, 'suricata-differences.tsv')), 'suricata-differences.tsv')
  })

  afterAll(() => {
    if (!reconciled) return
    const compared = checks.length - withoutCapture
    console.log(
      `flows (c) suricata-verify flow counts (Suricata ${TARGET_VERSION.join('.')} checks, wireshark mode): ${compared} checks, ` +
        `${passed} match (${((100 * passed) / Math.max(1, compared)).toFixed(1)}%), ${withoutCapture} without their capture in the corpus; ` +
        `${reconciled.explained.length} known differences, ${reconciled.unexplained.length} unexplained`,
    )
  })

  it('finds flow count checks whose captures are in the corpus, and reads them', () => {
    expect(checks.length - withoutCapture).toBeGreaterThan(0)
    expect(describeObserved(reconciled.unexplained.filter((o) => o.field === 'read'))).toEqual([])
  })

  it('lists every failing check in suricata-differences.tsv', () => {
    const bad = reconciled.unexplained.filter((o) => o.field !== 'read')
    expect(describeObserved(bad), `${bad.length} unexplained difference(s) (test, check, ours, expected)`).toEqual([])
  })

  it('has no stale lines in suricata-differences.tsv', () => {
    expect(reconciled.stale).toEqual([])
  })
}
