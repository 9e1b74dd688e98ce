/**
 * Twin conformance (vitest project "conformance"), issue 7's synthetic normal traffic: for corpus captures with
 * enough flows and the 100 MB benchmark capture, learn the twin, write its traffic as pcap and pcapng, and check
 * that (a) tshark reads both without a malformed packet or a bad IPv4/TCP/UDP checksum (`-z expert` with checksum
 * validation on; skipped with the reason when tshark is absent), (b) nettwin reads both back with the packets
 * and flows it generated, and (c) the fidelity targets hold (JSD <= 0.05, normalised EMD <= 0.1). One summary
 * line per capture.
 *
 * Then issue 7's false-alarm bound: an hour of the twins of five captures of ordinary traffic and of the
 * benchmark capture, every detector on with no attack injected, raises at most one alarm per hour in total.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { writeSyntheticCapture } from '../bench/synthetic-capture.ts'
import { CaptureAnalysis } from '../src/analysis/capture-analysis.ts'
import { analyzeCapture } from '../src/analysis/capture-summary.ts'
import { NodeFileSource } from '../src/cli/node-file-source.ts'
import { concatChunks } from '../src/formats/byte-builder.ts'
import { PcapFrameSink, PcapngFrameSink, TeeFrameSink } from '../src/twin/craft/index.ts'
import { FIDELITY_TARGETS } from '../src/twin/fidelity.ts'
import { twinOfAnalysis } from '../src/twin/fidelity-run.ts'
import { normalAlarmsOfCapture, tallyAlarms, type NormalAlarmRun } from '../src/twin/score/normal-alarms.ts'
import { NORMAL_TWIN_CAPTURES } from '../scripts/eval-twin.ts'
import { corpusDir, corpusExists } from './corpus-index.ts'

const repoRoot = resolve(fileURLToPath(new URL('.', import.meta.url)), '..')
/** Corpus captures with a few hundred flows of several kinds (scans, DNS bursts, service probes). */
const CAPTURES = ['labelled/slips/test7-malicious.pcap', 'labelled/slips/test8-malicious.pcap', 'labelled/sgr/dns-domainlist-burst.pcapng', 'labelled/zeek/nmap-vsn.pcap', 'labelled/sgr/hs-icmpScan.pcapng']
const BENCH = join(repoRoot, 'bench', 'out', 'synthetic-100MB-seed1-v2.pcap')

const tsharkOk = spawnSync('tshark', ['-v'], { encoding: 'utf8' }).status === 0
if (!tsharkOk) console.log('twin conformance: tshark checks skipped, tshark is not on the PATH')
if (!corpusExists) console.log(`twin conformance: corpus captures skipped, the corpus was not found at ${corpusDir} (expected ../shared/corpus)`)

const dir = mkdtempSync(join(tmpdir(), 'nettwin-twin-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** tshark's expert summary with checksum validation on; returns the lines that report a problem. */
function tsharkProblems(path: string): string[] {
  const r = spawnSync('tshark', ['-r', path, '-q', '-z', 'expert', '-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
  if (r.status !== 0) return [`tshark exited with ${r.status}: ${r.stderr.slice(0, 300)}`]
  return r.stdout.split('\n').filter((l) => /malformed|checksum/i.test(l))
}

async function readBack(path: string): Promise<{ packets: number; flows: number }> {
  const a = new CaptureAnalysis()
  const s = await analyzeCapture(await NodeFileSource.open(path), { analysis: a })
  return { packets: s.packets, flows: a.flows.count }
}

async function checkTwin(label: string, path: string): Promise<void> {
  const source = new CaptureAnalysis()
  await analyzeCapture(await NodeFileSource.open(path), { analysis: source })
  const pcap: Uint8Array[] = []
  const pcapng: Uint8Array[] = []
  const files = new TeeFrameSink([new PcapFrameSink((c) => pcap.push(c)), new PcapngFrameSink((c) => pcapng.push(c), { nano: true })])
  const run = twinOfAnalysis(source, label, { seed: 1 }, files)
  files.close()
  const base = join(dir, label.replace(/[^A-Za-z0-9.-]/g, '_'))
  writeFileSync(`${base}.pcap`, concatChunks(pcap))
  writeFileSync(`${base}.pcapng`, concatChunks(pcapng))
  const f = run.fidelity
  const problems = tsharkOk ? [...tsharkProblems(`${base}.pcap`), ...tsharkProblems(`${base}.pcapng`)] : []
  const back = [await readBack(`${base}.pcap`), await readBack(`${base}.pcapng`)]
  console.log(
    `twin ${label}: ${run.generated.packets} packets, ${run.generated.flows} flows; JSD protocol ${f.protocolJsd.toFixed(4)} port ${f.portJsd.toFixed(4)};` +
      ` EMD size ${f.sizeEmd.toFixed(4)} duration ${f.durationEmd.toFixed(4)} inter-arrival ${f.interArrivalEmd.toFixed(4)}; tshark ${tsharkOk ? `${problems.length} problems` : 'skipped'}`,
  )
  expect(problems).toEqual([])
  for (const b of back) expect(b).toEqual({ packets: run.generated.packets, flows: run.twin.flows.count })
  expect(f.protocolJsd).toBeLessThanOrEqual(FIDELITY_TARGETS.jsd)
  expect(f.portJsd).toBeLessThanOrEqual(FIDELITY_TARGETS.jsd)
  expect(f.sizeEmd).toBeLessThanOrEqual(FIDELITY_TARGETS.emd)
  expect(f.durationEmd).toBeLessThanOrEqual(FIDELITY_TARGETS.emd)
  expect(f.interArrivalEmd).toBeLessThanOrEqual(FIDELITY_TARGETS.emd)
}

describe('twin conformance', () => {
  describe.skipIf(!corpusExists)('corpus captures', () => {
    for (const file of CAPTURES) it(file, () => checkTwin(file, join(corpusDir, file)))
  })

  it('the 100 MB benchmark capture', async () => {
    if (!existsSync(BENCH)) await writeSyntheticCapture(BENCH, { targetBytes: 100_000_000, seed: 1 })
    await checkTwin('synthetic-100MB', BENCH)
  })
})

describe('false alarms on synthetic normal traffic', () => {
  const runs: NormalAlarmRun[] = []
  const note = (r: NormalAlarmRun): void => {
    runs.push(r)
    console.log(`twin alarms ${r.label} seed ${r.seed}: ${r.hours.toFixed(2)} h, ${r.packets} packets, ${r.total} alarms${r.total > 0 ? ` (${[...r.byDetector].map(([d, n]) => `${d} ${n}`).join(', ')})` : ''}`)
    for (const a of r.alerts) console.log(`  ${a.slice(0, 200)}`)
  }

  describe.skipIf(!corpusExists)('corpus captures of ordinary traffic', () => {
    for (const file of NORMAL_TWIN_CAPTURES.slice(0, 5)) {
      it(file, async () => {
        for (const r of await normalAlarmsOfCapture(file, await NodeFileSource.open(join(corpusDir, file)), 1, [1])) note(r)
      })
    }
  })

  it('the 100 MB benchmark capture', async () => {
    if (!existsSync(BENCH)) await writeSyntheticCapture(BENCH, { targetBytes: 100_000_000, seed: 1 })
    for (const r of await normalAlarmsOfCapture('synthetic-100MB', await NodeFileSource.open(BENCH), 1, [1])) note(r)
  })

  it('at most one false alarm per hour in total', () => {
    const t = tallyAlarms(runs)
    console.log(`twin alarms: ${t.total} over ${t.hours.toFixed(2)} h of ${runs.length} twins = ${t.perHour.toFixed(3)} per hour (${t.byDetector.map((d) => `${d.detector} ${d.perHour.toFixed(3)}/h`).join(', ') || 'none'})`)
    expect(runs.length).toBeGreaterThanOrEqual(corpusExists ? 6 : 1)
    expect(t.hours).toBeGreaterThanOrEqual(runs.length * 0.95)
    expect(t.perHour).toBeLessThanOrEqual(1)
  })
})
