/**
 * Reads conformance/known-differences.tsv: the differences between nettwin and the oracle (tshark, capinfos)
 * that are understood and explained, one per line: file, field, ours, tshark, reason. A listed difference must
 * still occur exactly as written, so the list cannot go stale.
 */
import { readFileSync } from 'node:fs'

export interface KnownDifference {
  readonly file: string
  readonly field: string
  readonly ours: string
  readonly tshark: string
  readonly reason: string
  /** 1-based line in the TSV, for error messages. */
  readonly line: number
}

export function parseKnownDifferences(text: string): KnownDifference[] {
  const out: KnownDifference[] = []
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '')
    if (line.trim() === '' || line.startsWith('#')) return
    const cells = line.split('\t')
    if (cells[0] === 'file' && cells[1] === 'field') return // header row
    if (cells.length !== 5 || cells.some((c) => c.trim() === '')) {
      throw new Error(`known-differences.tsv line ${i + 1}: expected 5 non-empty tab-separated cells, got ${cells.length}`)
    }
    out.push({ file: cells[0], field: cells[1], ours: cells[2], tshark: cells[3], reason: cells[4], line: i + 1 })
  })
  return out
}

export function readKnownDifferences(path: string): KnownDifference[] {
  return parseKnownDifferences(readFileSync(path, 'utf8'))
}

export const differenceKey = (file: string, field: string): string => `${file}\t${field}`
