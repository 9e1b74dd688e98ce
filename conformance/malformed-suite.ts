/**
 * The malformed half of the conformance suite. Every file in ../shared/corpus/malformed (crash reproducers, cut
 * and corrupted captures) must finish without an uncaught exception and be read at most once front to back
 * (shared/RELIABILITY.md). A FormatError is an acceptable outcome; so is a summary with anomalies. Files run in
 * a worker thread so a hang is caught, not inherited; the time per MiB is printed against the 250 ms target.
 */
import { readdirSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { beforeAll, expect, it } from 'vitest'
import { corpusDir } from './corpus-index.ts'
import { analyzeFiles, type FileResult } from './corpus-runner.ts'
import type { SuiteTally } from './suite-tally.ts'

const MIB = 2 ** 20
const allowedMs = (size: number): number => 1_000 + (250 * size) / MIB

function listFiles(dir: string): string[] {
  const out: string[] = []
  const pending = [dir]
  // Iterative walk: the corpus tree is shallow, but no recursion on directory depth anyway.
  while (pending.length > 0) {
    const d = pending.pop() as string
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) pending.push(join(d, e.name))
      else if (e.isFile()) out.push(join(d, e.name))
    }
  }
  return out.sort()
}

export function describeMalformed(tally: SuiteTally): void {
  let results: FileResult[] = []
  const name = (r: FileResult): string => relative(corpusDir, r.path)

  beforeAll(async () => {
    const files = listFiles(join(corpusDir, 'malformed'))
    const jobs = files.map((path) => ({ path, size: statSync(path).size }))
    // The hard limit (a hang) is well above the target so a loaded machine does not turn into a false hang.
    results = await analyzeFiles(jobs, (size) => 10 * allowedMs(size) + 5_000)
    const count = (k: string): number => results.filter((r) => r.result.kind === k).length
    tally.malformed = results.length
    tally.malformedRead = count('ok')
    tally.malformedRejected = count('format-error')
  })

  it('has malformed files to run', () => {
    expect(results.length).toBeGreaterThan(0)
  })

  it('ends every file with a summary or a FormatError, never an uncaught exception', () => {
    const bad = results
      .filter((r) => r.result.kind !== 'ok' && r.result.kind !== 'format-error')
      .map((r) => `${name(r)}: ${r.result.kind === 'exception' ? r.result.stack || r.result.message : JSON.stringify(r.result)}`)
    expect(bad).toEqual([])
  })

  it('reads every file at most once, front to back (bytes delivered <= file size)', () => {
    // The time target (250 ms per MiB + 1 s) is printed, not asserted: a shared machine makes it noisy. What is
    // asserted is exact: no file makes the reader go back over it, and every file's read was counted.
    const overTime = results.filter((r) => r.result.kind !== 'hang' && r.ms > allowedMs(r.size))
    const perMiB = (r: FileResult): number => r.ms / Math.max(1 / 1024, r.size / MIB)
    const worst = results.reduce<FileResult | null>((w, r) => (w === null || perMiB(r) > perMiB(w) ? r : w), null)
    console.log(
      `malformed: worst ${worst === null ? '-' : `${worst.ms.toFixed(0)} ms for ${worst.size} bytes (${name(worst)})`}; ${overTime.length} file(s) over the time target` +
        (overTime.length > 0 ? `: ${overTime.slice(0, 5).map((r) => `${name(r)} ${r.ms.toFixed(0)} ms`).join(', ')}` : ''),
    )
    const rereads = results
      .filter((r) => r.result.kind !== 'hang' && r.result.kind !== 'crash' && !(typeof r.bytesRead === 'number' && r.bytesRead <= r.size))
      .map((r) => `${name(r)}: ${String(r.bytesRead)} bytes delivered for ${r.size} bytes`)
    expect(rereads).toEqual([])
  })

  it('gives consistent summaries: finite, non-negative sizes and durations, a truncation offset inside the file', () => {
    const inconsistent = results.flatMap((r) => {
      if (r.result.kind !== 'ok') return []
      const s = r.result.summary
      const ok =
        Number.isFinite(s.duration) && s.duration >= 0 && s.capturedBytes >= 0 && s.bytes >= 0 &&
        (s.truncated === false ||
          (Number.isInteger(s.truncated) && s.truncated >= 0 && (s.compression !== null || s.truncated <= r.size)))
      return ok ? [] : [`${name(r)}: ${JSON.stringify({ duration: s.duration, truncated: s.truncated, bytes: s.bytes })}`]
    })
    expect(inconsistent).toEqual([])
  })
}
