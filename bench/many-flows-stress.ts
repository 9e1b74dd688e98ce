/**
 * The many-flow stress of issue 8: builds (once, cached in bench/out/) captures of N short flows
 * (many-flows.ts), runs `nettwin analyze FILE --json` with and without detection on each as a child process,
 * and prints flows, whether any count became an estimate, wall time, CPU time and peak RSS against the memory
 * target (peak <= 300 MB). The rows are also saved as bench/out/many-flows-results.json for the scaling report.
 *
 *   node --import tsx bench/many-flows-stress.ts --many-flows 1000000,3000000,10000000 [--seed 1] [--detect both|on|off]
 */
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { measure } from './measure.ts'
import { manyFlowsFileName, writeManyFlowsCapture, type ManyFlowsStats } from './many-flows.ts'
import { estimateSwitches, type StressRow } from './scaling-table.ts'

const benchDir = dirname(fileURLToPath(import.meta.url))
const outDir = join(benchDir, 'out')
const cli = resolve(benchDir, '..', 'bin', 'nettwin.mjs')
export const STRESS_RESULTS = join(outDir, 'many-flows-results.json')
export const TARGET_PEAK_BYTES = 300e6

const HELP = `Usage: node --import tsx bench/many-flows-stress.ts --many-flows N[,N...] [--seed 1] [--detect both|on|off]

Builds captures of N short flows each (cached in bench/out/), then measures
\`nettwin analyze FILE --json\` (with detection) and \`--no-detect\` on each: flows, estimates, wall, CPU, peak RSS.
`

/** The cached capture of `flows` flows, generated first when missing. */
export async function ensureManyFlows(flows: number, seed: number, log: (s: string) => void): Promise<{ path: string; stats: ManyFlowsStats }> {
  await mkdir(outDir, { recursive: true })
  const path = join(outDir, manyFlowsFileName(flows, seed))
  const meta = path.replace(/\.pcap$/, '.json')
  if (existsSync(path) && existsSync(meta)) return { path, stats: JSON.parse(await readFile(meta, 'utf8')) as ManyFlowsStats }
  log(`many-flows: generating ${flows.toLocaleString('en')} flows (seed ${seed})...\n`)
  const stats = await writeManyFlowsCapture(path, { flows, seed })
  await writeFile(meta, `${JSON.stringify(stats, null, 2)}\n`)
  log(`many-flows: wrote ${relative(process.cwd(), path)}: ${stats.packets.toLocaleString('en')} packets, ${(stats.bytes / 1e6).toFixed(0)} MB in ${stats.seconds.toFixed(0)} s\n`)
  return { path, stats }
}

export type DetectChoice = 'both' | 'on' | 'off'

/**
 * Runs the stress for each flow count; returns the measured rows (one per count and detection setting), each
 * also saved as soon as it is measured (a ten-million-flow run takes minutes; an interrupted series keeps its rows).
 */
export async function runManyFlows(counts: readonly number[], seed: number, detectChoice: DetectChoice, log: (s: string) => void): Promise<StressRow[]> {
  const rows: StressRow[] = []
  const settings = detectChoice === 'both' ? [true, false] : [detectChoice === 'on']
  for (const flows of counts) {
    const { path, stats } = await ensureManyFlows(flows, seed, log)
    for (const detect of settings) {
      log(`many-flows: analyze ${flows.toLocaleString('en')} flows${detect ? '' : ' --no-detect'}...\n`)
      const m = await measure(process.execPath, [cli, 'analyze', path, '--json', ...(detect ? [] : ['--no-detect'])])
      if (m.exitCode !== 0) throw new Error(`analyze exited with ${m.exitCode}: ${m.stderr.trim().slice(0, 500)}`)
      const summary = JSON.parse(m.stdout) as Record<string, unknown>
      rows.push({
        generatedFlows: flows,
        bytes: stats.bytes,
        packets: stats.packets,
        detect,
        flows: typeof summary.flows === 'number' ? summary.flows : NaN,
        estimates: estimateSwitches(summary),
        wallSeconds: m.wallSeconds,
        cpuSeconds: m.cpuSeconds,
        peakRssBytes: m.peakRssBytes,
      })
      await saveStressRows(rows.slice(-1))
    }
  }
  return rows
}

/** Merges new rows into the saved results (a row replaces the saved one of the same count and setting). */
export async function saveStressRows(rows: readonly StressRow[]): Promise<void> {
  const saved = await loadStressRows()
  const key = (r: StressRow): string => `${r.generatedFlows}/${r.detect}`
  const merged = new Map(saved.map((r) => [key(r), r]))
  for (const r of rows) merged.set(key(r), r)
  await mkdir(outDir, { recursive: true })
  await writeFile(STRESS_RESULTS, `${JSON.stringify([...merged.values()], null, 2)}\n`)
}

export async function loadStressRows(): Promise<StressRow[]> {
  if (!existsSync(STRESS_RESULTS)) return []
  const parsed: unknown = JSON.parse(await readFile(STRESS_RESULTS, 'utf8'))
  return Array.isArray(parsed) ? (parsed as StressRow[]) : []
}

/** Parses a comma-separated list of flow counts (whole numbers, 1 to 20 million); null when any is not. */
export function parseFlowCounts(text: string): number[] | null {
  const counts = text.split(',').map((s) => Number(s.trim()))
  return counts.length > 0 && counts.every((n) => Number.isInteger(n) && n >= 1 && n <= 20e6) ? counts : null
}

async function main(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'many-flows': { type: 'string', default: '1000000,3000000,10000000' },
      seed: { type: 'string', default: '1' },
      detect: { type: 'string', default: 'both' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  })
  const counts = parseFlowCounts(values['many-flows'])
  const seed = Number(values.seed)
  const detect = values.detect
  if (values.help || counts === null || !Number.isInteger(seed) || (detect !== 'both' && detect !== 'on' && detect !== 'off')) {
    process.stdout.write(HELP)
    return values.help ? 0 : 2
  }
  const log = (s: string): void => void process.stderr.write(s)
  const rows = await runManyFlows(counts, seed, detect, log)
  const { stressTable } = await import('./scaling-table.ts')
  process.stdout.write(`${stressTable(rows, TARGET_PEAK_BYTES)}\n`)
  return 0
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}
