/**
 * `npm run eval` section: the twin's fidelity. For corpus captures with enough flows and the 100 MB benchmark
 * capture, learn the twin, generate it through the real pipeline and print the Jensen-Shannon divergence of the
 * protocol and port mixes and the normalised earth mover's distance of flow size, duration and inter-arrival
 * against the targets (JSD <= 0.05, EMD <= 0.1). Seeded: the table is the same from run to run.
 *
 * Then the false alarms on synthetic normal traffic (issue 7: at most one per hour): the twins of captures of
 * ordinary traffic, one hour each for two seeds, one of them also for three hours, and the benchmark capture's
 * twin for one hour, run through every detector with no attack injected; alarms per hour per detector and in
 * total.
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
import { normalAlarmsOfCapture, tallyAlarms, type NormalAlarmRun } from '../src/twin/score/normal-alarms.ts'

/** The captures the twin is judged on (also conformance/twin.test.ts). */
export const TWIN_EVAL_CAPTURES = ['labelled/slips/test7-malicious.pcap', 'labelled/slips/test8-malicious.pcap', 'labelled/sgr/dns-domainlist-burst.pcapng', 'labelled/zeek/nmap-vsn.pcap', 'labelled/sgr/hs-icmpScan.pcapng']

/**
 * Captures of ordinary traffic (no attack in them) whose twins are the synthetic normal traffic false alarms
 * are counted on (also conformance/twin.test.ts): a Windows workstation's web, DNS and LAN chatter with its
 * router's ARP upkeep, web browsing, AFS and Kerberos file service, an IRC file transfer, a web app and its
 * cloud database. The twins of attack captures would replay their attacks, so they are not used here.
 */
export const NORMAL_TWIN_CAPTURES = [
  'labelled/sgr/dns-domainlist-burst.pcapng', 'pcap/zeek/http/bro.org.pcap', 'pcap/zeek/workshop_2011_browse.pcap', 'pcap/tcpdump/afs.pcap',
  'pcapng/zeek/irc-dcc-send.pcapng', 'pcap/zeek/krb/kinit.pcap', 'pcapng/zeek/redis/django-cloud.pcapng',
]

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
  await evalTwinAlarms(corpus)
}

/** Prints one run's alarms per detector, and, with `verbose`, what each alert said. */
function printAlarmRun(r: NormalAlarmRun, verbose: boolean): void {
  const what = [...r.byDetector].map(([d, n]) => `${d} ${n}`).join(', ') || 'none'
  console.log(`${pad(r.label, 44)} ${pad(r.seed, 5)} ${pad(r.hours.toFixed(2), 6)} ${pad(r.packets, 10)} ${pad(r.total, 7)} ${what}`)
  if (verbose) for (const a of r.alerts) console.log(`    ${a.slice(0, 200)}`)
}

/** False alarms per hour of synthetic normal traffic, per detector and in total (issue 7's last number). */
export async function evalTwinAlarms(corpus: string, verbose = false): Promise<void> {
  console.log('\n== False alarms on synthetic normal traffic (twins of ordinary captures, no attack injected; target <= 1 per hour in total)')
  console.log(`${pad('twin of', 44)} ${pad('seed', 5)} ${pad('hours', 6)} ${pad('packets', 10)} ${pad('alarms', 7)} by detector`)
  const runs: NormalAlarmRun[] = []
  for (const file of NORMAL_TWIN_CAPTURES) {
    const path = join(corpus, file)
    if (!existsSync(path)) {
      console.log(`${pad(file, 44)} missing`)
      continue
    }
    const hours = file === NORMAL_TWIN_CAPTURES[0] ? [1, 3] : [1]
    for (const h of hours) {
      const seeds = h === 1 ? [1, 2] : [3]
      for (const r of await normalAlarmsOfCapture(file, await NodeFileSource.open(path), h, seeds)) {
        runs.push(r)
        printAlarmRun(r, verbose)
      }
    }
  }
  if (!existsSync(BENCH)) await writeSyntheticCapture(BENCH, { targetBytes: 100_000_000, seed: 1 })
  for (const r of await normalAlarmsOfCapture('bench synthetic-100MB', await NodeFileSource.open(BENCH), 1, [1])) {
    runs.push(r)
    printAlarmRun(r, verbose)
  }
  const t = tallyAlarms(runs)
  console.log(`false alarms per hour by detector: ${t.byDetector.map((d) => `${d.detector} ${d.perHour.toFixed(3)}`).join(', ') || 'none'}`)
  console.log(`false alarms per hour in total: ${t.perHour.toFixed(3)} (${t.total} over ${t.hours.toFixed(1)} h of ${runs.length} twin runs) ${t.perHour <= 1 ? 'met' : 'MISSED'}`)
}
