/**
 * Records tshark's view of every corpus capture into conformance/expected/tshark.json, the oracle the
 * conformance suite compares nettwin with. Run with `npm run oracle` (needs tshark on the PATH).
 *
 * Per file, one tshark run prints frame.len and frame.cap_len for every frame (and frame.cb_pen, which marks
 * the pcapng custom blocks tshark shows as frames) and then the IPv4 and IPv6 conversation tables
 * (https://www.wireshark.org/docs/man-pages/tshark.html, "-z conv,type"). Parsing is in tshark-output.ts.
 * The output is sorted and carries no date, so regenerating it on an unchanged corpus changes nothing.
 * `npm run oracle -- FILE...` (paths relative to the corpus) refreshes only those entries, with the same tshark.
 *
 * `npm run oracle -- --flows [FILE...]` records instead the TCP and UDP conversation counts
 * (`-q -z conv,tcp -z conv,udp`, parsed in tshark-conversations.ts) of the well-formed captures into
 * conformance/expected/tshark-flows.json, the oracle of conformance/flows.test.ts.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { CAPTURE_DIRS, checkedCaptures, corpusDir, corpusExists, oraclePath } from '../conformance/corpus-index.ts'
import { FLOW_DIRS, flowOraclePath } from '../conformance/flow-oracle.ts'
import { parseTsharkConversations, type TsharkFlowCounts } from './tshark-conversations.ts'
import { parseTsharkOutput, type TsharkCounts } from './tshark-output.ts'

// Some dissectors are slow (RFB on a 1.8 MB capture takes over a minute), and the machine may be busy.
const TIMEOUT_MS = 600_000
const WORKERS = Math.max(1, Math.min(2, cpus().length))

const ARGS = ['-n', '-T', 'fields', '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'frame.cb_pen', '-z', 'conv,ip', '-z', 'conv,ipv6']
const FLOW_ARGS = ['-n', '-q', '-z', 'conv,tcp', '-z', 'conv,udp']

/** What one oracle run records: the tshark arguments, the captures, where it writes and how it reads stdout. */
interface OracleKind<Counts> {
  readonly args: readonly string[]
  readonly dirs: readonly string[]
  readonly outPath: string
  readonly parse: (stdout: string) => Counts
}

const PACKETS: OracleKind<TsharkCounts> = { args: ARGS, dirs: CAPTURE_DIRS, outPath: oraclePath, parse: parseTsharkOutput }
const FLOWS: OracleKind<TsharkFlowCounts> = { args: FLOW_ARGS, dirs: FLOW_DIRS, outPath: flowOraclePath, parse: parseTsharkConversations }

/** Runs tshark from the corpus root with a relative path, so nothing it prints names this machine's directories. */
function runTshark<Counts>(path: string, kind: OracleKind<Counts>): Promise<{ out: Counts; exitCode: number | null; timedOut: boolean; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('tshark', ['-r', path, ...kind.args], { cwd: corpusDir, stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s.length + stderr.length < 65536 ? s : ''))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, TIMEOUT_MS)
    child.on('error', reject)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolvePromise({ out: kind.parse(stdout), exitCode: code, timedOut, stderr })
    })
  })
}

/** The first stderr line that says something about the file (not the "running as root" notice). */
function firstWarning(stderr: string): string | null {
  for (const line of stderr.split('\n')) {
    const t = line.trim()
    if (t && !t.startsWith('Running as user')) return t.length > 300 ? `${t.slice(0, 300)}…` : t
  }
  return null
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  if (argv.includes('--flows')) await record(FLOWS, argv.filter((a) => a !== '--flows'))
  else await record(PACKETS, argv)
}

/** An oracle entry: tshark's counts plus how the run went (the shape of OracleEntry and FlowOracleEntry). */
type Entry<Counts> = Counts & { size: number; exitCode: number | null; timedOut: boolean; warning: string | null }

async function record<Counts extends object>(kind: OracleKind<Counts>, only: readonly string[]): Promise<void> {
  if (!corpusExists) throw new Error(`corpus not found at ${corpusDir}`)
  const version = spawnSync('tshark', ['--version'], { encoding: 'utf8' })
  if (version.status !== 0) throw new Error('tshark is not installed (apt-get install tshark)')
  const tool = version.stdout.split('\n')[0].trim()
  let captures = await checkedCaptures(kind.dirs)
  const files: Record<string, Entry<Counts>> = {}
  if (only.length > 0) {
    if (!existsSync(kind.outPath)) throw new Error(`no oracle to refresh at ${basename(kind.outPath)}: run it without file names first`)
    const previous = JSON.parse(await readFile(kind.outPath, 'utf8')) as { tool: string; files: Record<string, Entry<Counts>> }
    if (previous.tool !== tool) throw new Error(`the oracle was made with ${previous.tool}; refresh it whole with this ${tool}`)
    Object.assign(files, previous.files)
    const unknown = only.filter((p) => !captures.some((c) => c.path === p))
    if (unknown.length > 0) throw new Error(`not checked captures: ${unknown.join(', ')}`)
    captures = captures.filter((c) => only.includes(c.path))
  }
  const started = Date.now()
  let next = 0
  let done = 0
  const worker = async (): Promise<void> => {
    while (next < captures.length) {
      const entry = captures[next++]
      const { size } = await stat(join(corpusDir, entry.path))
      const r = await runTshark(`./${entry.path}`, kind)
      files[entry.path] = { size, ...r.out, exitCode: r.exitCode, timedOut: r.timedOut, warning: firstWarning(r.stderr) }
      if (++done % 100 === 0) process.stderr.write(`oracle: ${done}/${captures.length} files\n`)
    }
  }
  await Promise.all(Array.from({ length: WORKERS }, worker))
  const sorted: Record<string, Entry<Counts>> = {}
  for (const k of Object.keys(files).sort()) sorted[k] = files[k]
  const result = { tool, command: `tshark -r FILE ${kind.args.join(' ')}`, files: sorted }
  await mkdir(dirname(kind.outPath), { recursive: true })
  await writeFile(kind.outPath, `${JSON.stringify(result, null, 1)}\n`)
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  const timedOut = Object.keys(files).filter((k) => files[k].timedOut)
  process.stderr.write(`oracle: ${captures.length} files in ${seconds} s with ${tool} -> conformance/expected/${basename(kind.outPath)}\n`)
  if (timedOut.length > 0) {
    const flag = kind === FLOWS ? '--flows ' : ''
    process.stderr.write(`oracle: tshark timed out on ${timedOut.join(', ')}: rerun with npm run oracle -- ${flag}NAMES when the machine is quieter\n`)
    process.exitCode = 1
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`oracle: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
