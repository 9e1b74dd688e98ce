/**
 * Compares nettwin's summary of each corpus capture with the oracle: capinfos' packet count and average packet
 * size, and tshark's frame-length sums and IPv4 + IPv6 conversation counts (conformance/expected/tshark.json).
 */
import type { TsharkCounts } from '../scripts/tshark-output.ts'
import type { CapinfosEntry } from './corpus-index.ts'
import type { FileResult } from './corpus-runner.ts'
import { differenceKey, type KnownDifference } from './known-differences.ts'

/** One entry of conformance/expected/tshark.json (written by scripts/oracle.ts). */
export interface OracleEntry extends TsharkCounts {
  /** File size, so a changed corpus file shows up as a stale oracle rather than as a reader bug. */
  readonly size: number
  readonly exitCode: number | null
  readonly timedOut: boolean
  /** tshark's first complaint on stderr (e.g. "appears to have been cut short"), or null. */
  readonly warning: string | null
}

/** The whole of conformance/expected/tshark.json. */
export interface OracleFile {
  /** First line of `tshark --version`. */
  readonly tool: string
  readonly command: string
  readonly files: Record<string, OracleEntry>
}

export const FIELDS = ['read', 'packets', 'bytes', 'capturedBytes', 'ipConversations'] as const
export type Field = (typeof FIELDS)[number]

export interface Difference {
  readonly file: string
  readonly dir: string
  readonly field: Field
  readonly ours: string
  readonly tshark: string
  /** Set when known-differences.tsv lists this exact difference. */
  readonly known: KnownDifference | null
}

export interface Comparison {
  readonly differences: Difference[]
  /** Files compared per field (a file that could not be read is compared on 'read' only). */
  readonly compared: Record<Field, number>
  readonly filesEqual: number
}

/** capinfos rounds the average to 2 decimals, so the true sum lies within packets * 0.005 of average * packets. */
export function consistentWithAverage(bytes: number, packets: number, average: number | null): boolean {
  if (average === null || packets === 0) return true
  return Math.abs(bytes - average * packets) <= packets * 0.005 + 1e-6 * bytes + 0.5
}

export function compare(
  results: readonly FileResult[],
  entries: ReadonlyMap<string, CapinfosEntry>,
  oracle: Readonly<Record<string, OracleEntry>>,
  known: readonly KnownDifference[],
  relativePath: (absolute: string) => string,
): Comparison {
  const knownByKey = new Map(known.map((k) => [differenceKey(k.file, k.field), k]))
  const differences: Difference[] = []
  const compared: Record<Field, number> = { read: 0, packets: 0, bytes: 0, capturedBytes: 0, ipConversations: 0 }
  let filesEqual = 0
  for (const r of results) {
    const file = relativePath(r.path)
    const info = entries.get(file)
    const tshark = oracle[file]
    const dir = file.split('/')[0]
    const before = differences.length
    const check = (field: Field, ours: string | number, expected: string | number): void => {
      compared[field]++
      if (String(ours) === String(expected)) return
      const k = knownByKey.get(differenceKey(file, field))
      const isKnown = k !== undefined && k.ours === String(ours) && k.tshark === String(expected)
      differences.push({ file, dir, field, ours: String(ours), tshark: String(expected), known: isKnown ? k : null })
    }
    if (!tshark) {
      check('read', 'no oracle entry (run npm run oracle)', 'recorded')
      continue
    }
    if (tshark.timedOut) {
      check('read', 'tshark timed out when the oracle was recorded', `refresh it: npm run oracle -- ${file}`)
      continue
    }
    if (tshark.size !== r.size) {
      check('read', `file is ${r.size} bytes`, `oracle recorded ${tshark.size} bytes (corpus changed: run npm run oracle)`)
      continue
    }
    const res = r.result
    if (res.kind !== 'ok') {
      const what = res.kind === 'format-error' ? `FormatError ${res.code}` : res.kind === 'exception' ? res.message : res.kind
      check('read', what, 'ok')
      continue
    }
    compared.read++
    const s = res.summary
    check('packets', s.packets, info?.packets ?? tshark.packets)
    const average = info?.averagePacketSize ?? null
    check('bytes', s.bytes, consistentWithAverage(tshark.bytes, tshark.packets, average) ? tshark.bytes : `${tshark.bytes} (capinfos average ${average} disagrees)`)
    check('capturedBytes', s.capturedBytes, tshark.capturedBytes)
    check('ipConversations', s.ipConversations, tshark.ipv4Conversations + tshark.ipv6Conversations)
    if (differences.length === before) filesEqual++
  }
  return { differences, compared, filesEqual }
}

/** "file: ours X, tshark Y" lines for an assertion message. */
export function describeDifferences(list: readonly Difference[]): string[] {
  return list.map((d) => `${d.file} ${d.field}: ours ${d.ours}, oracle ${d.tshark}`)
}

/** Listed differences that did not occur as written in this run (fixed, changed, or for a file not checked). */
export function staleKnownDifferences(known: readonly KnownDifference[], differences: readonly Difference[]): string[] {
  const seen = new Set(differences.filter((d) => d.known).map((d) => differenceKey(d.file, d.field)))
  const actual = new Map(differences.map((d) => [differenceKey(d.file, d.field), d]))
  return known
    .filter((k) => !seen.has(differenceKey(k.file, k.field)))
    .map((k) => {
      const now = actual.get(differenceKey(k.file, k.field))
      const state = now ? `now ours ${now.ours}, oracle ${now.tshark}` : 'no longer differs'
      return `known-differences.tsv line ${k.line}: ${k.file} ${k.field} (ours ${k.ours}, tshark ${k.tshark}): ${state}`
    })
}
