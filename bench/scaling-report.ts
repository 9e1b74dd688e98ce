/**
 * The scaling report of issue 8, printed as Markdown for the README: time against file size (the 100 MB, 1 GB
 * and 2 GiB synthetic captures in bench/out/, complete analysis with detection) and memory against flow count
 * (the many-flow stress, bench/many-flows-stress.ts), with the machine it was measured on and the growth
 * exponents (1 = linear). Captures that are not built yet are skipped with a note (`npm run bench` builds the
 * 100 MB and 1 GB ones; the 2 GiB one comes from the input-limit tests).
 *
 *   node --import tsx bench/scaling-report.ts [--run-stress 1000000,3000000,10000000] [--skip-sizes]
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { cpus, loadavg, release, totalmem, type } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { measure } from './measure.ts'
import { loadStressRows, parseFlowCounts, runManyFlows, TARGET_PEAK_BYTES } from './many-flows-stress.ts'
import { growthExponent, linearFit, sizeTable, stressTable, type SizeRow } from './scaling-table.ts'

const benchDir = dirname(fileURLToPath(import.meta.url))
const outDir = join(benchDir, 'out')
const cli = resolve(benchDir, '..', 'bin', 'nettwin.mjs')

/** The captures of the time-against-size table: name, file under bench/out/. */
const SIZE_CAPTURES: readonly (readonly [string, string])[] = [
  ['synthetic 100 MB', 'synthetic-100MB-seed1-v2'],
  ['synthetic 1 GB', 'synthetic-1000MB-seed1-v2'],
  ['synthetic 2 GiB', 'synthetic-2GiB-limit-seed1-v2'],
]

const HELP = `Usage: node --import tsx bench/scaling-report.ts [--run-stress N[,N...]] [--skip-sizes]

Prints the scaling report as Markdown: time against file size (runs \`nettwin analyze FILE --json\` on the
synthetic captures in bench/out/) and memory against flow count (the saved many-flow stress results;
--run-stress measures those flow counts first).
`

function machine(): string {
  const cores = cpus()
  const model = cores[0]?.model.trim() ?? 'unknown CPU'
  const load = loadavg().map((l) => l.toFixed(1)).join(', ')
  return `${model}, ${cores.length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM, ${type()} ${release()}, Node ${process.versions.node}; load average at the end ${load}`
}

async function measureSizes(log: (s: string) => void): Promise<{ rows: SizeRow[]; missing: string[] }> {
  const rows: SizeRow[] = []
  const missing: string[] = []
  for (const [name, base] of SIZE_CAPTURES) {
    const path = join(outDir, `${base}.pcap`)
    if (!existsSync(path)) {
      missing.push(name)
      continue
    }
    const meta = join(outDir, `${base}.json`)
    const stats = existsSync(meta) ? (JSON.parse(await readFile(meta, 'utf8')) as { bytes: number; packets: number }) : null
    log(`scaling: analyze ${name}...\n`)
    const m = await measure(process.execPath, [cli, 'analyze', path, '--json'])
    if (m.exitCode !== 0) throw new Error(`analyze ${name} exited with ${m.exitCode}: ${m.stderr.trim().slice(0, 500)}`)
    const s = JSON.parse(m.stdout) as { packets: number; bytes: number; flows: number }
    if (stats !== null && stats.packets !== s.packets) log(`scaling: WARNING ${name}: read ${s.packets} packets, the generator wrote ${stats.packets}\n`)
    rows.push({ capture: name, bytes: stats?.bytes ?? s.bytes, packets: s.packets, flows: s.flows, wallSeconds: m.wallSeconds, cpuSeconds: m.cpuSeconds, peakRssBytes: m.peakRssBytes })
  }
  return { rows, missing }
}

const exponent = (k: number | null): string => (k === null ? 'n/a' : k.toFixed(2))

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'run-stress': { type: 'string' },
      'skip-sizes': { type: 'boolean', default: false },
      seed: { type: 'string', default: '1' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const counts = values['run-stress'] === undefined ? [] : parseFlowCounts(values['run-stress'])
  if (values.help || counts === null) {
    process.stdout.write(HELP)
    return values.help ? 0 : 2
  }
  const log = (s: string): void => void process.stderr.write(s)
  if (counts.length > 0) await runManyFlows(counts, Number(values.seed), 'both', log)
  const out: string[] = []
  if (!values['skip-sizes']) {
    const { rows, missing } = await measureSizes(log)
    out.push('### Time against file size (complete analysis with detection, one thread)', '', sizeTable(rows), '')
    if (missing.length > 0) out.push(`Not built yet, so not measured: ${missing.join(', ')}.`, '')
    const fit = linearFit(rows.map((r) => ({ size: r.packets, cost: r.cpuSeconds })))
    if (fit !== null) {
      const k = growthExponent(rows.map((r) => ({ size: r.packets, cost: r.cpuSeconds === null ? null : r.cpuSeconds - fit.fixed })))
      out.push(
        `CPU time ≈ ${fit.fixed.toFixed(1)} s (start-up) + ${(fit.perUnit * 1e6).toFixed(2)} µs per packet; ` +
          `beyond start-up it grows as packets^${exponent(k)} (1 = linear).`,
        '',
      )
    }
  }
  const stress = await loadStressRows()
  out.push('### Memory against flow count (many-flow stress, bench/many-flows.ts)', '')
  if (stress.length === 0) out.push('No many-flow results saved yet: run with --run-stress 1000000,3000000,10000000.', '')
  else {
    out.push(stressTable(stress, TARGET_PEAK_BYTES), '')
    for (const detect of [true, false]) {
      const rows = stress.filter((r) => r.detect === detect)
      const k = growthExponent(rows.map((r) => ({ size: r.generatedFlows, cost: r.peakRssBytes })))
      if (rows.length > 1) out.push(`Detection ${detect ? 'on' : 'off'}: peak RSS grows as flows^${exponent(k)}.`)
    }
    out.push('')
  }
  out.push(`Measured on: ${machine()}.`)
  process.stdout.write(`${out.join('\n')}\n`)
  return 0
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}
