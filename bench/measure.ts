/**
 * Runs a command as a child process and measures its wall time and peak resident memory. Peak memory comes
 * from GNU time's "Maximum resident set size" when /usr/bin/time exists, else from polling VmHWM in
 * /proc/PID/status (the kernel's high-water mark, so a poll that misses the peak moment still sees it).
 */
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'

export interface Measurement {
  readonly wallSeconds: number
  /** Peak resident set size in bytes, or null when it could not be measured. */
  readonly peakRssBytes: number | null
  /** User + system CPU seconds (from GNU time; null without it). On a busy machine this is steadier than wall time. */
  readonly cpuSeconds: number | null
  readonly exitCode: number | null
  readonly stdout: string
  readonly stderr: string
}

const GNU_TIME = '/usr/bin/time'
const POLL_MS = 20

async function vmHwm(pid: number): Promise<number | null> {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) * 1024 : null
  } catch {
    return null // the process has exited, or there is no /proc
  }
}

export async function measure(command: string, args: readonly string[]): Promise<Measurement> {
  const useTime = existsSync(GNU_TIME)
  const [cmd, argv] = useTime ? [GNU_TIME, ['-v', command, ...args]] : [command, [...args]]
  const started = performance.now()
  const child = spawn(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
  let polled: number | null = null
  const timer = useTime
    ? null
    : setInterval(() => {
        if (child.pid === undefined) return
        void vmHwm(child.pid).then((v) => {
          if (v !== null && (polled === null || v > polled)) polled = v
        })
      }, POLL_MS)
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  })
  const wallSeconds = (performance.now() - started) / 1000
  if (timer) clearInterval(timer)
  let peakRssBytes: number | null = polled as number | null
  let cpuSeconds: number | null = null
  if (useTime) {
    const m = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)
    peakRssBytes = m ? Number(m[1]) * 1024 : null
    const user = /User time \(seconds\): ([\d.]+)/.exec(stderr)
    const system = /System time \(seconds\): ([\d.]+)/.exec(stderr)
    cpuSeconds = user && system ? Number(user[1]) + Number(system[1]) : null
    // GNU time appends its report to stderr; keep only what the command itself wrote.
    const cut = stderr.lastIndexOf('\tCommand being timed:')
    if (cut >= 0) stderr = stderr.slice(0, cut)
  }
  return { wallSeconds, peakRssBytes, cpuSeconds, exitCode, stdout, stderr }
}
