/**
 * The two-thread pipeline (src/analysis/pipeline) on corpus captures that exercise what generated captures do
 * not: TLS ClientHellos with JA4, a pcapng with several interfaces, VXLAN tunnels. Each split of the work must
 * give exactly the one-thread analysis. Without the corpus the suite is reported as skipped, with the reason.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'vitest'
import { expectSameAsOneThread, PIPELINE_SPLITS } from '../src/analysis/pipeline/pipeline-test-kit.ts'
import { corpusDir, corpusExists } from './corpus-index.ts'

const inputs: readonly (readonly [string, string])[] = [
  ['TLS ClientHellos with JA4 (suricata-verify ja4-tls)', 'labelled/suricata-verify/tests/ja4-tls/input.pcap'],
  ['pcapng with several interfaces', 'pcapng/tcpdump/OSPFv2_Capture_FINAL.pcapng'],
  ['VXLAN tunnels', 'pcap/tcpdump/vxlan.pcap'],
]

if (!corpusExists) console.log(`pipeline conformance: skipped, the corpus was not found at ${corpusDir} (expected ../shared/corpus)`)

describe.skipIf(!corpusExists)(corpusExists ? 'two-thread pipeline on corpus captures' : 'two-thread pipeline on corpus captures: SKIPPED, ../shared/corpus not found', () => {
  for (const [name, path] of inputs) for (const [where, flowMode, assembleFlows] of PIPELINE_SPLITS) {
    it(`gives the same summary, flows and statistics as analyzeCapture, ${where}: ${name}`, async () => {
      await expectSameAsOneThread(new Uint8Array(readFileSync(join(corpusDir, path))), flowMode, assembleFlows)
    })
  }
})
