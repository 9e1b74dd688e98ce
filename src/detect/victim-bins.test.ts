import { describe, expect, it } from 'vitest'
import { TargetBins } from './victim-bins.ts'
import { rng } from './test-traffic.ts'

/** The busiest window computed the plain way: every bin in a Map, flows spread as TargetBins spreads them. */
function reference(flows: readonly [number, number, number, number][], bins: number): { startBin: number; attempts: number; answers: number; activeBins: number } {
  const attempts = new Map<number, number>()
  const answers = new Map<number, number>()
  const spread = (m: Map<number, number>, first: number, last: number, amount: number): void => {
    const add = (b: number, v: number): void => void m.set(b, (m.get(b) ?? 0) + v)
    const b0 = Math.floor(first)
    const b1 = Math.floor(last)
    if (!(last > first) || b1 === b0) return add(b0, amount)
    const span = last - first
    if (b1 - b0 + 1 <= 64) {
      for (let b = b0; b <= b1; b++) {
        const lo = Math.max(first, b)
        const hi = Math.min(last, b + 1)
        if (hi > lo) add(b, (amount * (hi - lo)) / span)
      }
      return
    }
    for (let k = 0; k < 64; k++) add(Math.floor(first + ((k + 0.5) * span) / 64), amount / 64)
  }
  for (const [first, last, att, ans] of flows) {
    if (att > 0) spread(attempts, first, last, att)
    if (ans > 0) spread(answers, first, last, ans)
  }
  const keys = [...attempts.keys()].sort((a, b) => a - b)
  let best = { startBin: keys[0] ?? 0, attempts: 0, answers: 0, activeBins: 1 }
  let lo = 0
  let sum = 0
  for (let hi = 0; hi < keys.length; hi++) {
    sum += attempts.get(keys[hi]) ?? 0
    while (keys[hi] - keys[lo] >= bins) sum -= attempts.get(keys[lo++]) ?? 0
    if (sum > best.attempts) best = { startBin: keys[lo], attempts: sum, answers: 0, activeBins: hi - lo + 1 }
  }
  for (let b = best.startBin; b < best.startBin + bins; b++) best.answers += answers.get(b) ?? 0
  return best
}

describe('TargetBins.busiestWindow', () => {
  // Dense runs, flows going back in time, long flows cut into parts, and far-apart bursts that push the bins
  // out of the dense array into the map.
  const cases: [string, number][] = [['dense', 300], ['spread', 20_000], ['far apart', 5e7]]
  for (const [name, spanSeconds] of cases) {
    it(`matches the plain computation (${name})`, () => {
      const r = rng(spanSeconds)
      const flows: [number, number, number, number][] = []
      for (let k = 0; k < 400; k++) {
        const first = 1.7e9 + r() * spanSeconds
        const last = first + (k % 7 === 0 ? r() * 500 : r() * 3)
        flows.push([first, last, 1 + Math.floor(r() * 20), k % 3 === 0 ? 0 : Math.floor(r() * 5)])
      }
      const bins = new TargetBins(1)
      flows.forEach(([first, last, att, ans], id) => bins.add(id, id % 9, first, last, att, ans, 1))
      for (const window of [1, 10, 60]) expect(bins.busiestWindow(window)).toEqual(reference(flows, window))
    })
  }

  it('gives an empty window for a target with no attempts', () => {
    const bins = new TargetBins(1)
    bins.add(0, 2, 100, 101, 0, 3, 1)
    expect(bins.busiestWindow(10)).toEqual({ startBin: 0, attempts: 0, answers: 0, activeBins: 1 })
  })
})
