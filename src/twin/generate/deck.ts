/**
 * Draws without replacement from a fixed multiset of indices, reshuffling when it runs out (an incremental
 * Fisher-Yates shuffle: one swap per draw, no allocation). The twin deals services, pairs, flow shapes and
 * arrival gaps this way rather than drawing each independently: over every full round the generated mix equals
 * the learned one exactly, so short runs match their source closely (independent draws of a heavy-tailed gap
 * or a once-seen pair can land far off in a few hundred flows).
 */
import type { Rng } from '../model/rng.ts'

/** Largest deck; bigger weight sets are scaled down (each item keeps at least one card). */
export const DECK_CAP = 16384

export class Deck {
  private readonly cards: Int32Array
  private pos = 0

  /** A deck with `weights[i]` cards of item i (scaled to at most DECK_CAP cards; every positive weight keeps one). */
  constructor(weights: ArrayLike<number>) {
    let total = 0
    for (let i = 0; i < weights.length; i++) total += Math.max(0, weights[i])
    const scale = total > DECK_CAP ? DECK_CAP / total : 1
    const counts: number[] = []
    let n = 0
    for (let i = 0; i < weights.length; i++) {
      const w = Math.max(0, weights[i])
      const c = w > 0 ? Math.max(1, Math.round(w * scale)) : 0
      counts.push(c)
      n += c
    }
    this.cards = new Int32Array(n)
    let at = 0
    for (let i = 0; i < counts.length; i++) for (let k = 0; k < counts[i]; k++) this.cards[at++] = i
  }

  get size(): number {
    return this.cards.length
  }

  /** The next card (an item index), or -1 for an empty deck. */
  draw(rng: Rng): number {
    const cards = this.cards
    const n = cards.length
    if (n === 0) return -1
    if (this.pos >= n) this.pos = 0
    const j = this.pos + rng.below(n - this.pos)
    const card = cards[j]
    cards[j] = cards[this.pos]
    cards[this.pos++] = card
    return card
  }
}

/** A deck with one card per index 0..n-1. */
export function uniformDeck(n: number): Deck {
  return new Deck(new Array<number>(n).fill(1))
}
