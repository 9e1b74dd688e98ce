/**
 * Draws without replacement from a fixed multiset of indices, reshuffling when it runs out (an incremental
 * Fisher-Yates shuffle: one swap per draw, no allocation). The twin deals services, pairs, flow shapes and
 * arrival gaps this way rather than drawing each independently: over every full round the generated mix equals
 * the learned one exactly, so short runs match their source closely (independent draws of a heavy-tailed gap
 * or a once-seen pair can land far off in a few hundred flows).
 */
import type { Rng } from '../model/rng.ts'

/** Largest deck of one round; bigger weight sets are scaled down (each item keeps at least one card). */
export const DECK_CAP = 16384
/** Largest deck of stacked rounds (256 KiB of cards). */
export const STACKED_CAP = 65536

export class Deck {
  /** The first round alone, dealt once, then the stacked rounds over and over. */
  private first: Int32Array | null
  private readonly cards: Int32Array
  private pos = 0

  /**
   * A deck with `weights[i]` cards of item i (scaled to at most DECK_CAP cards; every positive weight keeps one).
   * `rounds` > 1 deals the first round alone (a twin as long as its source gets the source's mix exactly), then
   * stacks that many copies of the mix in each later shuffle (as far as STACKED_CAP allows): an item with one
   * card per round would otherwise come back once per round, like clockwork (a pair of hosts that talks at a
   * fixed period is what a beacon detector looks for); shuffled across rounds its returns are irregular again.
   */
  constructor(weights: ArrayLike<number>, rounds = 1) {
    let total = 0
    for (let i = 0; i < weights.length; i++) total += Math.max(0, weights[i])
    const perRound = total > DECK_CAP ? DECK_CAP / total : 1
    const single = cardsOf(weights, perRound)
    const r = Math.max(1, Math.min(Math.floor(rounds), Math.floor(STACKED_CAP / Math.max(1, single.length))))
    this.first = r > 1 ? single : null
    this.cards = r > 1 ? cardsOf(weights, perRound * r) : single
  }

  get size(): number {
    return this.cards.length
  }

  /** The next card (an item index), or -1 for an empty deck. */
  draw(rng: Rng): number {
    let cards = this.first ?? this.cards
    if (this.pos >= cards.length && this.first !== null) {
      this.first = null
      this.pos = 0
      cards = this.cards
    }
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

/** round(weight * scale) cards of each item with a positive weight (at least one), in item order. */
function cardsOf(weights: ArrayLike<number>, scale: number): Int32Array {
  const counts: number[] = []
  let n = 0
  for (let i = 0; i < weights.length; i++) {
    const w = Math.max(0, weights[i])
    const c = w > 0 ? Math.max(1, Math.round(w * scale)) : 0
    counts.push(c)
    n += c
  }
  const cards = new Int32Array(n)
  let at = 0
  for (let i = 0; i < counts.length; i++) for (let k = 0; k < counts[i]; k++) cards[at++] = i
  return cards
}

/** A deck with one card per index 0..n-1. */
export function uniformDeck(n: number): Deck {
  return new Deck(new Array<number>(n).fill(1))
}
