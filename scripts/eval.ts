/**
 * `npm run eval`: measures the detectors against the labelled material in ../shared/corpus.
 *  1. Attack captures (labelled/): was the labelled category raised, naming the right attacker/victim?
 *  2. Benign captures (pcap/ and pcapng/: test and sample traffic with no attack label): which alerts fired?
 *  3. suricata-verify captures (protocol tests, not attacks): alerts fired, by category, for reference.
 *  4. Labelled tables (eval-tables.ts): per-class recall and false-positive rate.
 *  5. The twin's fidelity (eval-twin.ts): JSD and normalised EMD between captures and their twins.
 * Usage: npm run eval [-- --verbose] [-- --only attacks|benign|tables|twin]
 */
import { readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { AlertCategory } from '../src/detect/alert.ts'
import { EXPECTATIONS, matches, runCapture, type CaptureRun } from './eval-captures.ts'
import { evalTables } from './eval-tables.ts'
import { evalTwin } from './eval-twin.ts'

const CORPUS = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', 'shared', 'corpus')
const verbose = process.argv.includes('--verbose')
const onlyIdx = process.argv.indexOf('--only')
const only = onlyIdx >= 0 ? process.argv[onlyIdx + 1] : null

const CAPTURE_EXT = /\.(pcap|pcapng|cap|dmp|pcap\.gz|pcapng\.gz|trace|dump)$/i

async function listCaptures(dir: string): Promise<string[]> {
  const out: string[] = []
  const walk = async (d: string, depth: number): Promise<void> => {
    if (depth > 8) return
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) await walk(p, depth + 1)
      else if (CAPTURE_EXT.test(e.name)) out.push(p)
    }
  }
  await walk(dir, 0)
  return out.sort()
}

function pad(s: string | number, n: number): string {
  const t = String(s)
  return t.length >= n ? t.slice(0, n) : t + ' '.repeat(n - t.length)
}

async function attacks(): Promise<void> {
  console.log('\n== Attack captures (labelled/): category raised naming the right attacker/victim')
  console.log(`${pad('capture', 48)} ${pad('expected', 22)} ${pad('found', 6)} ${pad('alerts', 6)} categories raised`)
  let found = 0
  let scored = 0
  for (const e of EXPECTATIONS) {
    const run = await runCapture(join(CORPUS, e.file), e.file)
    const alerts = run.result?.alerts ?? []
    const hit = alerts.some((a) => matches(a, e))
    const wrongHost = !hit && alerts.some((a) => e.categories.includes(a.category))
    if (!e.weak) {
      scored++
      if (hit) found++
    }
    const cats = [...new Set(alerts.map((a) => a.category))].join(',')
    const verdict = run.error !== null ? 'ERROR' : hit ? 'yes' : wrongHost ? 'host?' : 'no'
    console.log(`${pad(e.file.replace('labelled/', ''), 48)} ${pad(e.categories.join('|') + (e.weak ? ' (weak)' : ''), 22)} ${pad(verdict, 6)} ${pad(alerts.length, 6)} ${cats}${run.error !== null ? ` ${run.error}` : ''}`)
    if (verbose) for (const a of alerts.slice(0, 8)) console.log(`    ${a.category} ${a.severity} ${a.confidence} src=${a.src.slice(0, 3).join(',')} dst=${a.dst.slice(0, 3).join(',')} | ${a.explanation.slice(0, 160)}`)
  }
  console.log(`Attack captures found with the right category and host: ${found}/${scored}`)
}

async function benign(): Promise<void> {
  console.log('\n== Benign captures (pcap/, pcapng/): alerts raised')
  const files = [...(await listCaptures(join(CORPUS, 'pcap'))), ...(await listCaptures(join(CORPUS, 'pcapng')))]
  await reportGroup(files, 'benign')
  console.log('\n== suricata-verify captures (protocol conformance tests, not attacks): alerts raised, for reference')
  await reportGroup(await listCaptures(join(CORPUS, 'labelled', 'suricata-verify')), 'suricata-verify')
}

async function reportGroup(files: string[], name: string): Promise<void> {
  const byCategory = new Map<AlertCategory, { alerts: number; files: Set<string> }>()
  let read = 0
  let withAlerts = 0
  let withMedium = 0
  let total = 0
  let ms = 0
  const runs: CaptureRun[] = []
  for (const path of files) {
    const file = relative(CORPUS, path)
    const run = await runCapture(path, file)
    ms += run.milliseconds
    if (run.result === null) continue
    read++
    runs.push(run)
    const alerts = run.result.alerts
    total += alerts.length
    if (alerts.length > 0) withAlerts++
    if (alerts.some((a) => a.severity !== 'info' && a.severity !== 'low')) withMedium++
    for (const a of alerts) {
      let e = byCategory.get(a.category)
      if (e === undefined) {
        e = { alerts: 0, files: new Set() }
        byCategory.set(a.category, e)
      }
      e.alerts++
      e.files.add(file)
    }
  }
  console.log(`${name}: ${read} captures read (${files.length - read} not captures), ${total} alerts; captures with any alert: ${withAlerts} (${pct(withAlerts, read)}), with a medium+ alert: ${withMedium} (${pct(withMedium, read)}); ${(ms / 1000).toFixed(1)} s`)
  for (const [cat, e] of [...byCategory].sort((a, b) => b[1].alerts - a[1].alerts)) {
    console.log(`  ${pad(cat, 22)} ${pad(e.alerts, 5)} alerts in ${pad(e.files.size, 4)} captures  e.g. ${[...e.files].slice(0, 3).join(', ')}`)
  }
  if (verbose) {
    for (const r of runs) for (const a of r.result?.alerts ?? []) console.log(`    ${r.file}: ${a.category} ${a.severity} ${a.confidence} | ${a.explanation.slice(0, 150)}`)
  }
}

function pct(n: number, d: number): string {
  return d === 0 ? '-' : `${((100 * n) / d).toFixed(1)}%`
}

if (only === null || only === 'attacks') await attacks()
if (only === null || only === 'benign') await benign()
if (only === null || only === 'tables') await evalTables(CORPUS, verbose)
if (only === null || only === 'twin') await evalTwin(CORPUS)
