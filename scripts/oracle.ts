/**
 * Records tshark's view of every corpus capture into conformance/expected/tshark.json, the oracle the
 * conformance suite compares nettwin with. Run with `npm run oracle` (needs tshark on the PATH).
 *
 * Per file, one tshark run prints frame.len and frame.cap_len for every frame (and frame.cb_pen, which marks
 * the pcapng custom blocks tshark shows as frames) and then the IPv4 and IPv6 conversation tables
 * (https://www.wireshark.org/docs/man-pages/tshark.html, "-z conv,type"). Parsing is in tshark-output.ts.
 * The output is sorted and carries no date, so regenerating it on an unchanged corpus changes nothing.
 * `npm run oracle -- FILE...` (paths relative to the corpus) refreshes only those entries, with the same tshark.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { CAPTURE_DIRS, checkedCaptures, corpusDir, corpusExists, oraclePath } from '../conformance/corpus-index.ts'
import type { OracleEntry, OracleFile } from '../conformance/compare.ts'
import { parseTsharkOutput, type TsharkCounts } from './tshark-output.ts'

// Some dissectors are slow (RFB on a 1.8 MB capture takes over a minute), and the machine may be busy.
const TIMEOUT_MS = 600_000
const WORKERS = Math.max(1, Math.min(2, cpus().length))

const ARGS = ['-n', '-T', 'fields', '-e', 'frame.len', '-e', 'frame.cap_len', '-e', 'frame.cb_pen', '-z', 'conv,ip', '-z', 'conv,ipv6']

/** Runs tshark from the corpus root with a relative path, so nothing it prints names this machine's directories. */
function runTshark(path: string): Promise<{ out: TsharkCounts; exitCode: number | null; timedOut: boolean; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('tshark', ['-r', path, ...ARGS], { cwd: corpusDir, stdio: ['ignore', 'pipe', 'pipe'] })
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
      resolvePromise({ out: parseTsharkOutput(stdout), exitCode: code, timedOut, stderr })
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
  if (!corpusExists) throw new Error(`corpus not found at ${corpusDir}`)
  const version = spawnSync('tshark', ['--version'], { encoding: 'utf8' })
  if (version.status !== 0) throw new Error('tshark is not installed (apt-get install tshark)')
  const tool = version.stdout.split('\n')[0].trim()
  const only = process.argv.slice(2)
  let captures = await checkedCaptures(CAPTURE_DIRS)
  const files: Record<string, OracleEntry> = {}
  if (only.length > 0) {
    if (!existsSync(oraclePath)) throw new Error('no oracle to refresh: run `npm run oracle` without file names first')
    const previous = JSON.parse(await readFile(oraclePath, 'utf8')) as OracleFile
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
      const r = await runTshark(`./${entry.path}`)
      files[entry.path] = { size, ...r.out, exitCode: r.exitCode, timedOut: r.timedOut, warning: firstWarning(r.stderr) }
      if (++done % 100 === 0) process.stderr.write(`oracle: ${done}/${captures.length} files\n`)
    }
  }
  await Promise.all(Array.from({ length: WORKERS }, worker))
  const sorted: Record<string, OracleEntry> = {}
  for (const k of Object.keys(files).sort()) sorted[k] = files[k]
  const result: OracleFile = { tool, command: `tshark -r FILE ${ARGS.join(' ')}`, files: sorted }
  await mkdir(dirname(oraclePath), { recursive: true })
  await writeFile(oraclePath, `${JSON.stringify(result, null, 1)}\n`)
  const seconds = ((Date.now() - started) / 1000).toFixed(1)
  const timedOut = Object.keys(files).filter((k) => files[k].timedOut)
  process.stderr.write(`oracle: ${captures.length} files in ${seconds} s with ${tool} -> conformance/expected/tshark.json\n`)
  if (timedOut.length > 0) {
    process.stderr.write(`oracle: tshark timed out on ${timedOut.join(', ')}: rerun with these names when the machine is quieter\n`)
    process.exitCode = 1
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`oracle: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
