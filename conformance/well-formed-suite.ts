/**
 * The well-formed half of the conformance suite: every capture in ../shared/corpus/{pcap,pcapng,labelled} that
 * capinfos describes with a packet count is analysed in-process (one worker thread, no CLI spawn per file) and
 * compared with capinfos and the recorded tshark oracle. Assertions are grouped per directory and field so one
 * failure lists every mismatching file. Differences explained in known-differences.tsv are allowed, and must
 * still occur.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { compare, describeDifferences, FIELDS, staleKnownDifferences, type Comparison, type OracleFile } from './compare.ts'
import { checkedCaptures, corpusDir, knownDifferencesPath, oraclePath, type CapinfosEntry } from './corpus-index.ts'
import { analyzeFiles, type FileResult } from './corpus-runner.ts'
import { readKnownDifferences, type KnownDifference } from './known-differences.ts'
import type { SuiteTally } from './suite-tally.ts'

const DIRS = ['pcap', 'pcapng', 'labelled'] as const
const CHECKS = [
  ['packets', 'packets equal capinfos "Number of packets"'],
  ['bytes', 'bytes equal the tshark sum of frame.len (consistent with capinfos average x packets)'],
  ['capturedBytes', 'capturedBytes equal the tshark sum of frame.cap_len'],
  ['ipConversations', 'ipConversations equal tshark conv,ip + conv,ipv6'],
] as const
/** Minimum share of captures whose conversation count equals tshark's. */
const CONVERSATION_AGREEMENT = 0.98

export function describeWellFormed(tally: SuiteTally): void {
  let captures: CapinfosEntry[] = []
  let results: FileResult[] = []
  let known: KnownDifference[] = []
  let comparison: Comparison

  beforeAll(async () => {
    if (!existsSync(oraclePath)) throw new Error('conformance/expected/tshark.json is missing: run `npm run oracle`')
    const oracle = (JSON.parse(readFileSync(oraclePath, 'utf8')) as OracleFile).files
    known = readKnownDifferences(knownDifferencesPath)
    captures = await checkedCaptures(DIRS)
    const jobs = captures.map((c) => ({ path: join(corpusDir, c.path), size: oracle[c.path]?.size ?? 0 }))
    // Generous hard limit: only a real hang should hit it (timing targets are checked on malformed files).
    results = await analyzeFiles(jobs, (size) => 30_000 + (size / 2 ** 20) * 5_000)
    const byPath = new Map(captures.map((c) => [c.path, c]))
    comparison = compare(results, byPath, oracle, known, (p) => relative(corpusDir, p).split('\\').join('/'))
    tally.checked = results.length
    tally.equal = comparison.filesEqual
    tally.known = comparison.differences.filter((x) => x.known).length
    tally.unexplained = comparison.differences.filter((x) => !x.known).length
  })

  for (const dir of DIRS) {
    describe(`${dir}/`, () => {
      it('has captures to check', () => {
        expect(captures.filter((c) => c.dir === dir).length).toBeGreaterThan(0)
      })

      it('reads every capture without an error', () => {
        const bad = comparison.differences.filter((d) => d.dir === dir && d.field === 'read' && !d.known)
        expect(describeDifferences(bad), `${bad.length} file(s) could not be read`).toEqual([])
      })

      for (const [field, what] of CHECKS) {
        it(what, () => {
          const bad = comparison.differences.filter((d) => d.dir === dir && d.field === field && !d.known)
          expect(describeDifferences(bad), `${bad.length} unexplained ${field} difference(s) in ${dir}/`).toEqual([])
        })
      }
    })
  }

  it(`ipConversations equal tshark on at least ${CONVERSATION_AGREEMENT * 100}% of captures`, () => {
    const total = comparison.compared.ipConversations
    const differing = comparison.differences.filter((d) => d.field === 'ipConversations').length
    expect(total).toBeGreaterThan(0)
    expect((total - differing) / total).toBeGreaterThanOrEqual(CONVERSATION_AGREEMENT)
  })

  it('every known difference still occurs exactly as listed', () => {
    const checked = new Set(captures.map((c) => c.path))
    // Lines for other fields (the flow suite's conv,tcp and conv,udp) are checked by their own suite.
    const mine = known.filter((k) => (FIELDS as readonly string[]).includes(k.field))
    const stale = staleKnownDifferences(mine.filter((k) => DIRS.some((d) => k.file.startsWith(`${d}/`))), comparison.differences)
    const unknownFiles = known.filter((k) => !checked.has(k.file)).map((k) => `line ${k.line}: ${k.file} is not a checked capture`)
    expect([...stale, ...unknownFiles]).toEqual([])
  })
}
