/**
 * The traffic-table rows of `npm run bench`: how fast readTable parses CSV tables (target >= 200 MB/s). It builds
 * a deterministic CIC-IDS2017-style CSV (CICFlowMeter's 84 columns, doubles written with 16-17 significant digits
 * as Python and Java write them; cached in bench/out/), and times, each in a child process, readTable alone on it
 * and on the largest tables of the corpus (../shared/corpus, when present), then `nettwin analyze` (read + the
 * table summary) on the synthetic table. Small tables are read several times in one process so start-up and JIT
 * warm-up do not dominate. Also runnable alone: `node --import tsx bench/tables.ts [--size-mb 500]`.
 *
 * Child mode (`bench/tables.ts read FILE REPEATS [unaddressed]`): reads FILE REPEATS times with readTable (with
 * `unaddressed`: featureVectors 'unaddressed', the records `nettwin analyze` needs) and prints
 * {records, seconds, cpuSeconds} of the fastest read as JSON.
 */
import { createWriteStream, existsSync } from 'node:fs'
import { mkdir, rename, stat } from 'node:fs/promises'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CommandIo } from '../src/cli/command.ts'
import { NodeFileSource } from '../src/cli/node-file-source.ts'
import { CICFLOWMETER_COLUMNS } from '../src/formats/tables/cicids-columns.ts'
import type { FeatureVectors } from '../src/formats/tables/dialect.ts'
import { readTable } from '../src/formats/tables/index.ts'
import { measure, type Measurement } from './measure.ts'
import { Rng } from './synthetic-rng.ts'

const benchDir = dirname(fileURLToPath(import.meta.url))
const outDir = join(benchDir, 'out')
const repoRoot = resolve(benchDir, '..')
const cli = join(repoRoot, 'bin', 'nettwin.mjs')
const self = fileURLToPath(import.meta.url)
const tsxLoader = import.meta.resolve('tsx')

export const TARGET_TABLE_BYTES_PER_SECOND = 200e6
/** Bump when the generated table changes, so a cached file of an older layout is not reused. */
const TABLE_GENERATOR_VERSION = 1
/** The largest tables of the corpus, one per dialect family (relative to the repository root). */
const CORPUS_TABLES = [
  '../shared/corpus/csv/nsl-kdd/KDDTrain+_20Percent.txt',
  '../shared/corpus/csv/wireshark-export-derived/portScan_1_to_10000.csv',
  '../shared/corpus/csv/unsw-nb15/UNSW_NB15_testing-set_first4528.csv',
  '../shared/corpus/csv/argus-binetflow/test2-malicious.binetflow',
  '../shared/corpus/csv/cicids2017-improved/Infiltration_36.csv',
]

const LABELS = ['BENIGN', 'BENIGN', 'BENIGN', 'BENIGN', 'DoS Hulk', 'PortScan', 'DDoS', 'Web Attack - Brute Force']

/** One CICFlowMeter row: addresses and ports from small pools, counts as integers, rates and means as doubles. */
function syntheticRow(rng: Rng, t: number): string {
  const src = `192.168.${rng.int(0, 9)}.${rng.int(1, 254)}`
  const dst = `10.0.${rng.int(0, 3)}.${rng.int(1, 254)}`
  const sport = rng.int(1024, 65535)
  const dport = rng.pick([80, 443, 53, 22, 8080, 3389])
  const proto = dport === 53 ? 17 : 6
  const cells: (string | number)[] = [`${src}-${dst}-${sport}-${dport}-${proto}`, src, sport, dst, dport, proto]
  const seconds = Math.floor(t)
  const stamp = new Date(Date.UTC(2017, 6, 5, 12) + seconds * 1000).toISOString().slice(0, 19).replace('T', ' ')
  cells.push(`${stamp}.${String(Math.floor((t - seconds) * 1e6)).padStart(6, '0')}`)
  for (let c = 7; c < CICFLOWMETER_COLUMNS.length - 1; c++) {
    const kind = c % 3
    cells.push(kind === 0 ? rng.int(0, 5000) : kind === 1 ? rng.float() * 10 ** rng.int(0, 6) : rng.chance(0.5) ? 0 : rng.int(0, 120_000_000))
  }
  cells.push(rng.pick(LABELS))
  return cells.join(',')
}

/** Writes (once) a synthetic CIC-IDS2017-style table of about `sizeMb` MB and returns its path. */
export async function ensureSyntheticTable(sizeMb: number, seed: number, io: CommandIo): Promise<string> {
  await mkdir(outDir, { recursive: true })
  const path = join(outDir, `synthetic-table-${sizeMb}MB-seed${seed}-v${TABLE_GENERATOR_VERSION}.csv`)
  if (existsSync(path)) return path
  io.err(`bench: generating ${sizeMb} MB synthetic CIC-IDS2017-style table (seed ${seed})...\n`)
  const rng = new Rng(seed)
  const out = createWriteStream(`${path}.part`)
  const target = sizeMb * 1e6
  let written = 0
  let t = 0
  let chunk = `${CICFLOWMETER_COLUMNS.join(',')}\n`
  while (written < target) {
    t += rng.exponential(0.002)
    chunk += `${syntheticRow(rng, t)}\n`
    if (chunk.length >= 1 << 20) {
      written += chunk.length
      if (!out.write(chunk)) await new Promise<void>((done) => out.once('drain', () => done()))
      chunk = ''
    }
  }
  await new Promise<void>((done, fail) => out.end(chunk, () => done()).once('error', fail))
  await rename(`${path}.part`, path)
  return path
}

interface ReadResult {
  readonly records: number
  readonly seconds: number
  readonly cpuSeconds: number
}

/** Child mode: the fastest of `repeats` reads of `path`. */
async function readOnly(path: string, repeats: number, featureVectors: FeatureVectors): Promise<ReadResult> {
  let best: ReadResult | null = null
  for (let r = 0; r < repeats; r++) {
    const source = await NodeFileSource.open(path)
    const started = performance.now()
    const cpu = process.cpuUsage()
    const report = await readTable(source, { onFlows: () => {}, onPackets: () => {}, featureVectors })
    const used = process.cpuUsage(cpu)
    const result = { records: report.records, seconds: (performance.now() - started) / 1000, cpuSeconds: (used.user + used.system) / 1e6 }
    if (best === null || result.cpuSeconds < best.cpuSeconds) best = result
  }
  return best as ReadResult
}

interface Row {
  readonly table: string
  readonly bytes: number
  readonly tool: string
  readonly records: number
  readonly seconds: number
  readonly cpuSeconds: number | null
  readonly peak: number | null
}

const mbps = (bytes: number, s: number | null): string => (s === null || s <= 0 ? '-' : (bytes / 1e6 / s).toFixed(0))

function render(rows: readonly Row[]): string[] {
  const header = ['table', 'size MB', 'records', 'tool', 'read s', 'MB/s', 'MB/cpu-s', 'peak RSS']
  const cells = rows.map((r) => [
    r.table,
    (r.bytes / 1e6).toFixed(1),
    r.records.toLocaleString('en'),
    r.tool,
    r.seconds.toFixed(3),
    mbps(r.bytes, r.seconds),
    mbps(r.bytes, r.cpuSeconds),
    r.peak === null ? '-' : `${(r.peak / 2 ** 20).toFixed(0)} MiB`,
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)))
  const line = (c: readonly string[]): string => c.map((v, i) => (i === 0 || i === 3 ? v.padEnd(widths[i]) : v.padStart(widths[i]))).join('  ')
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)]
}

async function timeRead(path: string, repeats: number, featureVectors: FeatureVectors = 'all'): Promise<{ result: ReadResult; m: Measurement }> {
  const m = await measure(process.execPath, ['--import', tsxLoader, self, 'read', path, String(repeats), featureVectors])
  if (m.exitCode !== 0) throw new Error(`reading ${path} failed: ${m.stderr.trim().slice(0, 500)}`)
  return { result: JSON.parse(m.stdout) as ReadResult, m }
}

/** Runs the table benchmark and returns the lines of its report. */
export async function runTablesBench(io: CommandIo, sizeMb = 500, seed = 1): Promise<string[]> {
  const rows: Row[] = []
  const synthetic = await ensureSyntheticTable(sizeMb, seed, io)
  const name = `synthetic-cic-${sizeMb}MB`
  const size = (await stat(synthetic)).size
  io.err(`bench: readTable ${name}...\n`)
  const read = await timeRead(synthetic, 2)
  rows.push({ table: name, bytes: size, tool: 'readTable', records: read.result.records, seconds: read.result.seconds, cpuSeconds: read.result.cpuSeconds, peak: read.m.peakRssBytes })
  io.err(`bench: readTable ${name} without feature vectors...\n`)
  const lean = await timeRead(synthetic, 2, 'unaddressed')
  rows.push({ table: name, bytes: size, tool: 'readTable unaddressed', records: lean.result.records, seconds: lean.result.seconds, cpuSeconds: lean.result.cpuSeconds, peak: lean.m.peakRssBytes })
  io.err(`bench: nettwin analyze ${name}...\n`)
  // With and without the detectors: reading and summarising alone, then the whole command.
  for (const [tool, extra] of [['analyze --no-detect', ['--no-detect']], ['analyze (wall)', []]] as const) {
    const full = await measure(process.execPath, [cli, 'analyze', synthetic, '--json', ...extra])
    if (full.exitCode !== 0) continue
    const records = (JSON.parse(full.stdout) as { records?: number }).records ?? 0
    rows.push({ table: name, bytes: size, tool, records, seconds: full.wallSeconds, cpuSeconds: full.cpuSeconds, peak: full.peakRssBytes })
  }
  for (const rel of CORPUS_TABLES) {
    const path = resolve(repoRoot, rel)
    if (!existsSync(path)) continue
    const bytes = (await stat(path)).size
    // Enough repeats for about 50 MB in all, so the fastest read is a warmed-up one.
    const repeats = Math.max(3, Math.min(200, Math.ceil(50e6 / bytes)))
    io.err(`bench: readTable ${relative(repoRoot, path)} x${repeats}...\n`)
    const r = await timeRead(path, repeats)
    rows.push({ table: rel.split('/').pop() ?? rel, bytes, tool: `readTable x${repeats}`, records: r.result.records, seconds: r.result.seconds, cpuSeconds: r.result.cpuSeconds, peak: null })
  }
  const lines = [...render(rows), '']
  lines.push('readTable: parsing alone (dialect sniffing, rows, numbers, interning into flow batches; no summary);')
  lines.push('"unaddressed": featureVectors \'unaddressed\', every record field but the per-record feature vectors, which')
  lines.push('nothing reads on a table with addresses (what analyze needs). Small corpus tables: the fastest of several')
  lines.push('reads in one process. MB/cpu-s: per CPU second, steadier on a busy machine.')
  const verdict = (r: number): string => (r >= TARGET_TABLE_BYTES_PER_SECOND ? 'met' : 'MISSED')
  for (const [label, r] of [['readTable', read.result], ['readTable unaddressed', lean.result]] as const) {
    const rate = size / r.seconds
    const cpuRate = size / r.cpuSeconds
    lines.push(`${name} ${label}: ${(rate / 1e6).toFixed(0)} MB/s by the clock, ${(cpuRate / 1e6).toFixed(0)} MB per CPU second (target >= ${TARGET_TABLE_BYTES_PER_SECOND / 1e6}: ${verdict(rate)} by the clock, ${verdict(cpuRate)} per CPU second)`)
  }
  return lines
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === self) {
  const [mode, path, repeats, vectors] = process.argv.slice(2)
  if (mode === 'read' && path !== undefined) {
    process.stdout.write(`${JSON.stringify(await readOnly(path, Number(repeats ?? 1), vectors === 'unaddressed' ? 'unaddressed' : 'all'))}\n`)
  } else {
    const at = process.argv.indexOf('--size-mb')
    const sizeMb = at > 0 ? Number(process.argv[at + 1]) : 500
    const io: CommandIo = { out: (s) => void process.stdout.write(s), err: (s) => void process.stderr.write(s), interactive: false }
    process.stdout.write(`${(await runTablesBench(io, sizeMb)).join('\n')}\n`)
  }
}
