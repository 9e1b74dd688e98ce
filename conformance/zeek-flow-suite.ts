/**
 * Part (b) of the flow conformance suite: for each comparable Zeek btest baseline in zeek-trace-map.tsv, the
 * trace analysed in `zeek` flow mode (flow-worker.ts) against Zeek's own conn.log: the number of connections and
 * conn_state per connection (zeek-compare.ts). Differences are listed with reasons in zeek-differences.tsv; the
 * suite fails on unlisted ones and on listed ones that no longer occur.
 */
import { readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { corpusDir } from './corpus-index.ts'
import { runFilesInWorker, type FileResult } from './corpus-runner.ts'
import { describeObserved, reconcile, type Observed, type Reconciled } from './difference-list.ts'
import type { FlowDigest, FlowJobOptions } from './flow-digest.ts'
import { readKnownDifferences } from './known-differences.ts'
import { compareConnLog, type LogComparison } from './zeek-compare.ts'
import { parseConnLog, parseTraceMap, type TraceMapEntry } from './zeek-conn-log.ts'

const here = dirname(fileURLToPath(import.meta.url))
const baselinesDir = join(corpusDir, 'csv', 'zeek-baselines')
/** Minimum share of comparable logs that agree on the connection count and every conn_state. */
const AGREEMENT = 0.9

export function describeZeekFlows(): void {
  let entries: TraceMapEntry[] = []
  let logs: LogComparison[] = []
  let reconciled: Reconciled

  beforeAll(async () => {
    entries = parseTraceMap(readFileSync(join(here, 'zeek-trace-map.tsv'), 'utf8')).filter((e) => e.comparable)
    const traces = [...new Set(entries.map((e) => e.trace))].sort()
    const options: FlowJobOptions = { flowMode: 'zeek', connections: true }
    const jobs = traces.map((t) => {
      const path = resolve(corpusDir, t)
      return { path, size: statSync(path).size, options }
    })
    const results = await runFilesInWorker<FlowDigest>('./flow-worker.ts', jobs, (size) => 30_000 + (size / 2 ** 20) * 5_000)
    const byTrace = new Map<string, FileResult<FlowDigest>>(traces.map((t, i) => [t, results[i]]))
    const observed: Observed[] = []
    logs = entries.map((e) => {
      const subject = `${e.btest}/${e.log}`
      const r = byTrace.get(e.trace)
      const log = parseConnLog(readFileSync(join(baselinesDir, e.btest, e.log), 'utf8'))
      if (!r || r.result.kind !== 'ok' || r.result.summary.connections === null) {
        const unread: Observed = { subject, field: 'read', ours: r ? r.result.kind : 'not run', expected: 'ok' }
        observed.push(unread)
        return { observed: [unread], zeekConnections: log.rows.length, ourConnections: 0, statesCompared: 0, statesEqual: 0, historiesCompared: 0, historiesEqual: 0 }
      }
      const c = compareConnLog(subject, log, r.result.summary.connections)
      observed.push(...c.observed)
      return c
    })
    reconciled = reconcile(observed, readKnownDifferences(join(here, 'zeek-differences.tsv')), 'zeek-differences.tsv')
  })

  const agreeing = (): number => logs.filter((l) => l.observed.length === 0).length

  afterAll(() => {
    if (!reconciled) return
    const sum = (f: (l: LogComparison) => number): number => logs.reduce((n, l) => n + f(l), 0)
    const pct = (a: number, b: number): string => `${((100 * a) / Math.max(1, b)).toFixed(1)}%`
    const states = sum((l) => l.statesCompared)
    const histories = sum((l) => l.historiesCompared)
    console.log(
      `flows (b) zeek mode vs Zeek conn.log: ${logs.length} comparable logs, ${agreeing()} agree on connections and conn_state ` +
        `(${pct(agreeing(), logs.length)}); per connection conn_state ${sum((l) => l.statesEqual)}/${states} (${pct(sum((l) => l.statesEqual), states)}), ` +
        `history ${sum((l) => l.historiesEqual)}/${histories} (${pct(sum((l) => l.historiesEqual), histories)}, not asserted); ` +
        `${reconciled.explained.length} known differences, ${reconciled.unexplained.length} unexplained`,
    )
  })

  it('has comparable baselines, each trace read', () => {
    expect(entries.length).toBeGreaterThan(0)
    expect(describeObserved(reconciled.unexplained.filter((o) => o.field === 'read'))).toEqual([])
  })

  it('lists every connection count and conn_state difference in zeek-differences.tsv', () => {
    const bad = reconciled.unexplained.filter((o) => o.field !== 'read')
    expect(describeObserved(bad), `${bad.length} unexplained difference(s) (log, field, ours, zeek)`).toEqual([])
  })

  it('has no stale lines in zeek-differences.tsv', () => {
    expect(reconciled.stale).toEqual([])
  })

  it(`agrees with Zeek on at least ${AGREEMENT * 100}% of the comparable logs`, () => {
    expect(logs.length).toBeGreaterThan(0)
    expect(agreeing() / logs.length).toBeGreaterThanOrEqual(AGREEMENT)
  })
}
