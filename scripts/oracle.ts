/**
 * Records tshark's view of every corpus capture into conformance/expected/tshark.json, the oracle the
 * conformance suite compares nettwin with. Run with `npm run oracle` (needs tshark on the PATH).
 *
 * Per file, one tshark run prints frame.len and frame.cap_len for every frame (and frame.cb_pen, which marks
 * the pcapng custom blocks tshark shows as frames) and then the IPv4 and IPv6 conversation tables
 * (https://www.wireshark.org/docs/man-pages/tshark.html, "-z conv,type"). Parsing is in tshark-output.ts.
 * The output is sorted and carries no date, so regenerating it on an unchanged corpus changes nothing.
 */
import { spawn, spawnSync } from 'node:child_process'
import { mkdir, stat, writeFile } from 'node:fs/promises'
import { cpus } from 'node:os'
import { dirname, join } from 'node:path'
import { CAPTURE_DIRS, checkedCaptures, corpusDir, corpusExists, oraclePath } from '../conformance/corpus-index.ts'
import type { OracleEntry, OracleFile } from '../conformance/compare.ts'
import { parseTsharkOutput, type TsharkCounts } from './tshark-output.ts'

const TIMEOUT_MS = 120_000
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
  const captures = await checkedCaptures(CAPTURE_DIRS)
  const files: Record<string, OracleEntry> = {}
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
  process.stderr.write(`oracle: ${captures.length} files in ${seconds} s with ${tool} -> conformance/expected/tshark.json\n`)
}

main().catch((e: unknown) => {
  process.stderr.write(`oracle: ${e instanceof Error ? e.message : String(e)}\n`)
  process.exit(1)
})
