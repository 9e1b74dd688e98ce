/**
 * Reconciles the differences a suite observed with the ones its TSV lists (known-differences.tsv,
 * zeek-differences.tsv, suricata-differences.tsv; read with known-differences.ts): a difference is explained
 * only when the list has the same subject and field with the same two values, and a listed difference that did
 * not occur exactly so is stale (fixed, or changed), which fails the suite as well.
 */
import { differenceKey, type KnownDifference } from './known-differences.ts'

/** One difference between nettwin and an oracle: what was compared (a capture, a log, a test check) and how. */
export interface Observed {
  readonly subject: string
  readonly field: string
  readonly ours: string
  readonly expected: string
}

export interface Reconciled {
  /** Observed and listed with the same values. */
  readonly explained: readonly Observed[]
  /** Observed but not listed (or listed with other values). */
  readonly unexplained: readonly Observed[]
  /** Listed lines that did not occur as written, described for an assertion message. */
  readonly stale: readonly string[]
}

export function reconcile(observed: readonly Observed[], listed: readonly KnownDifference[], listName: string): Reconciled {
  const byKey = new Map(listed.map((k) => [differenceKey(k.file, k.field), k]))
  const explained: Observed[] = []
  const unexplained: Observed[] = []
  const used = new Set<KnownDifference>()
  for (const o of observed) {
    const k = byKey.get(differenceKey(o.subject, o.field))
    if (k !== undefined && k.ours === o.ours && k.tshark === o.expected) {
      explained.push(o)
      used.add(k)
    } else {
      unexplained.push(o)
    }
  }
  const actual = new Map(observed.map((o) => [differenceKey(o.subject, o.field), o]))
  const stale = listed
    .filter((k) => !used.has(k))
    .map((k) => {
      const now = actual.get(differenceKey(k.file, k.field))
      const state = now ? `now ours ${now.ours}, expected ${now.expected}` : 'no longer differs'
      return `${listName} line ${k.line}: ${k.file} ${k.field} (ours ${k.ours}, expected ${k.tshark}): ${state}`
    })
  return { explained, unexplained, stale }
}

/** "subject field: ours X, expected Y" lines for an assertion message. */
export function describeObserved(list: readonly Observed[]): string[] {
  return list.map((d) => `${d.subject}\t${d.field}\t${d.ours}\t${d.expected}`)
}
