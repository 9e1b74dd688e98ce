/**
 * `npm run eval` section: the twin's fidelity. For corpus captures with enough flows and the 100 MB benchmark
 * capture, learn the twin, generate it through the real pipeline and print the Jensen-Shannon divergence of the
 * protocol and port mixes and the normalised earth mover's distance of flow size, duration and inter-arrival
 * against the targets (JSD <= 0.05, EMD <= 0.1). Seeded: the table is the same from run to run.
 */
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeSyntheticCapture } from '../bench/synthetic-capture.ts'
import { CaptureAnalysis } from '../src/analysis/capture-analysis.ts'
import { analyzeCapture } from '../src/analysis/capture-summary.ts'
import { NodeFileSource } from '../src/cli/node-file-source.ts'
import { FIDELITY_TARGETS } from '../src/twin/fidelity.ts'
import { twinOfAnalysis } from '../src/twin/fidelity-run.ts'

/** The captures the twin is judged on (also conformance/twin.test.ts). */
export const TWIN_EVAL_CAPTURES = ['labelled/slips/test7-malicious.pcap', 'labelled/slips/test8-malicious.pcap', 'labelled/sgr/dns-domainlist-burst.pcapng', 'labelled/zeek/nmap-vsn.pcap', 'labelled/sgr/hs-icmpScan.pcapng']

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..')
const BENCH = join(repoRoot, 'bench', 'out', 'synthetic-100MB-seed1-v2.pcap')

function pad(s: string | number, n: number): string {
  const t = String(s)
  return t.length >= n ? t.slice(0, n) : t + ' '.repeat(n - t.length)
}

export async function evalTwin(corpus: string): Promise<void> {
  console.log(`\n== Twin fidelity (targets: JSD <= ${FIDELITY_TARGETS.jsd}, normalised EMD <= ${FIDELITY_TARGETS.emd}; seed 1)`)
  console.log(`${pad('capture', 44)} ${pad('flows src/twin', 16)} ${pad('JSD proto', 9)} ${pad('JSD port', 9)} ${pad('EMD size', 9)} ${pad('EMD dur', 9)} ${pad('EMD iat', 9)} verdict`)
  if (!existsSync(BENCH)) await writeSyntheticCapture(BENCH, { targetBytes: 100_000_000, seed: 1 })
  const inputs: [string, string][] = [...TWIN_EVAL_CAPTURES.map((f) => [f, join(corpus, f)] as [string, string]), ['bench synthetic-100MB', BENCH]]
  let passed = 0
  for (const [label, path] of inputs) {
    if (!existsSync(path)) {
      console.log(`${pad(label, 44)} missing`)
      continue
    }
    const source = new CaptureAnalysis()
    await analyzeCapture(await NodeFileSource.open(path), { analysis: source })
    const f = twinOfAnalysis(source, label, { seed: 1 }).fidelity
    if (f.pass) passed++
    const n = (x: number): string => pad(x.toFixed(4), 9)
    console.log(`${pad(label, 44)} ${pad(`${f.source.flows}/${f.twin.flows}`, 16)} ${n(f.protocolJsd)} ${n(f.portJsd)} ${n(f.sizeEmd)} ${n(f.durationEmd)} ${n(f.interArrivalEmd)} ${f.pass ? 'met' : 'MISSED'}`)
  }
  console.log(`twin fidelity targets met on ${passed} of ${inputs.length} captures`)
}
