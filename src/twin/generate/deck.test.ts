import { describe, expect, it } from 'vitest'
import { Rng } from '../model/rng.ts'
import { Deck } from './deck.ts'

/** Median over items of 1 - MAD/median of the gaps (in draws) between an item's cards: 1 is clockwork. */
function medianRegularity(deck: Deck, items: number, draws: number, seed: number): number {
  const rng = new Rng(seed)
  const last = new Float64Array(items).fill(-1)
  const gaps: number[][] = Array.from({ length: items }, () => [])
  for (let t = 0; t < draws; t++) {
    const card = deck.draw(rng)
    if (last[card] >= 0) gaps[card].push(t - last[card])
    last[card] = t
  }
  const mid = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]
  const scores = gaps.filter((g) => g.length >= 10).map((g) => {
    const m = mid(g)
    return 1 - mid(g.map((x) => Math.abs(x - m))) / m
  })
  return mid(scores)
}

describe('deck', () => {
  it('deals the first round exactly as weighted, stacked rounds or not', () => {
    for (const rounds of [1, 16]) {
      const deck = new Deck([3, 1, 0, 2], rounds)
      const rng = new Rng(4)
      const counts = [0, 0, 0, 0]
      for (let k = 0; k < 6; k++) counts[deck.draw(rng)]++
      expect(counts).toEqual([3, 1, 0, 2])
    }
  })

  it('keeps the mix exact over every stacked cycle after the first round', () => {
    const deck = new Deck([3, 1, 2], 4)
    const rng = new Rng(9)
    for (let k = 0; k < 6; k++) deck.draw(rng)
    const counts = [0, 0, 0]
    for (let k = 0; k < 24; k++) counts[deck.draw(rng)]++
    expect(counts).toEqual([12, 4, 8])
  })

  it('returns an item at irregular intervals when rounds are stacked, not once per round', () => {
    const items = 200
    const weights = new Array<number>(items).fill(1)
    const clockwork = medianRegularity(new Deck(weights, 1), items, 200 * 40, 1)
    const stacked = medianRegularity(new Deck(weights, 16), items, 200 * 40, 1)
    // Independent draws (a Poisson process) give about 0.3; one card per round gives about 0.7.
    expect(clockwork).toBeGreaterThan(0.6)
    expect(stacked).toBeLessThan(0.45)
  })

  it('is empty without positive weights', () => {
    expect(new Deck([0, 0], 16).draw(new Rng(1))).toBe(-1)
  })
})
