import { describe, expect, it } from 'vitest'
import { candidates, TargetBins } from './victim-bins.ts'
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

describe('TargetBins.addCounts and addMember', () => {
  it('together record what add records', () => {
    const r = rng(11)
    const whole = new TargetBins(4)
    const split = new TargetBins(4)
    for (let id = 0; id < 300; id++) {
      const first = 1.7e9 + r() * 600
      const last = first + r() * 30
      const src = Math.floor(r() * 40)
      const attempts = Math.floor(r() * 9)
      const answers = Math.floor(r() * 3)
      whole.add(id, src, first, last, attempts, answers, 1)
      split.addCounts(first, last, attempts, answers, 1)
      split.addMember(id, src)
    }
    expect(split.busiestWindow(10)).toEqual(whole.busiestWindow(10))
    expect([...split.sources]).toEqual([...whole.sources])
    expect(split.flows).toEqual(whole.flows)
    expect([split.flowCount, split.first, split.last]).toEqual([whole.flowCount, whole.first, whole.last])
  })
})

describe('candidates', () => {
  /** The plain computation: a Map of totals per key. */
  function plain(count: number, key: (id: number) => number, amount: (id: number) => number, min: number): number[] {
    const totals = new Map<number, number>()
    for (let id = 0; id < count; id++) {
      const k = key(id)
      if (k >= 0) totals.set(k, (totals.get(k) ?? 0) + amount(id))
    }
    return [...totals].filter(([, v]) => v >= min).map(([k]) => k).sort((a, b) => a - b)
  }

  it('keeps the keys whose totals reach the minimum, small ids and huge keys alike', () => {
    const r = rng(5)
    const keys = Array.from({ length: 5000 }, (_, id) => (id % 13 === 0 ? -1 : id % 17 === 0 ? 2 ** 30 + (id % 3) : Math.floor(r() * 3000)))
    const amounts = Array.from({ length: 5000 }, () => r() * 4)
    for (const min of [0, 1, 3, 8]) {
      const got = [...candidates(keys.length, (id) => keys[id], (id) => amounts[id], min)].sort((a, b) => a - b)
      expect(got).toEqual(plain(keys.length, (id) => keys[id], (id) => amounts[id], min))
    }
  })

  it('counts a key seen with amounts of zero, and no key never seen', () => {
    const got = candidates(3, (id) => [5, 5, 2000][id], () => 0, 0)
    expect([...got].sort((a, b) => a - b)).toEqual([5, 2000])
  })
})
