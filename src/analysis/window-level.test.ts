import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { HOST_COLS, HostCol } from './host-window-rows.ts'
import { kthSmallest, WIN_COLS, WinCol, WindowLevel } from './window-level.ts'
import { WindowPairs } from './window-pairs.ts'

describe('kthSmallest', () => {
  it('returns the value a sort would put at that rank, for any counts (many ties included)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 300 }), fc.nat(), (values, r) => {
        const rank = r % values.length
        const sorted = Float64Array.from(values).sort()
        expect(kthSmallest(Float64Array.from(values), rank)).toBe(sorted[rank])
      }),
      { seed: 20261121, numRuns: 2000 },
    )
  })

  it('handles sorted, reversed and constant inputs', () => {
    const n = 1000
    const up = Float64Array.from({ length: n }, (_, i) => i)
    const down = Float64Array.from({ length: n }, (_, i) => n - i)
    expect(kthSmallest(up.slice(), 488)).toBe(488)
    expect(kthSmallest(down.slice(), 0)).toBe(1)
    expect(kthSmallest(down.slice(), n - 1)).toBe(n)
    expect(kthSmallest(new Float64Array(n).fill(7), 500)).toBe(7)
  })
})

describe('WindowLevel caps: memory stops growing with hosts', () => {
  const level = (maxHosts: number, maxIds: number, maxScratch: number): WindowLevel => {
    const l = new WindowLevel(1, 0, new WindowPairs(1), new WindowPairs(1), maxHosts, maxIds, maxScratch)
    l.ensureHosts(1 << 20)
    l.open(100)
    return l
  }
  const keptRows = (l: WindowLevel): { host: number; out: number }[] => {
    const g = l.curRow * WIN_COLS
    const start = l.g[g + WinCol.HostStart]
    const rows: { host: number; out: number }[] = []
    for (let r = start; r < start + l.g[g + WinCol.HostCount]; r++) rows.push({ host: l.kept.host[r], out: l.kept.u[r * HOST_COLS + HostCol.PacketsOut] })
    return rows
  }

  it('folds ids past maxHostIds into the "other" row, leaves them out of the distinct count and says so', () => {
    const l = level(512, 8, 1 << 16)
    for (let src = 1; src <= 12; src++) l.addPacket(src, 0, 100, WinCol.Tcp, -1, -1, false)
    l.addPacket(11, 0, 100, WinCol.Tcp, -1, -1, false)
    l.close(null)
    const rows = keptRows(l)
    expect(rows.map((r) => r.host)).toEqual([0, 1, 2, 3, 4, 5, 6, 7])
    expect(rows[0].out).toBe(6) // ids 8..12, id 11 twice
    expect(rows.reduce((s, r) => s + r.out, 0)).toBe(13)
    expect(l.g[l.curRow * WIN_COLS + WinCol.SrcHosts]).toBe(7)
    expect(l.foldedHosts).toBeGreaterThan(0)
    // The per-id arrays did not grow past the cap although 2^20 ids were asked for.
    expect(l.maxHostIds).toBe(8)
  })

  it('caps the open window\'s host rows; hosts past it share "other" but still count as distinct sources', () => {
    const l = level(2, 1 << 18, 4)
    // Hosts 1..6, host h sending h packets: only 1..4 get scratch rows, 5 and 6 fold.
    for (let h = 1; h <= 6; h++) for (let k = 0; k < h; k++) l.addPacket(h, 0, 10, WinCol.Udp, -1, -1, false)
    l.close(null)
    const rows = keptRows(l)
    expect(rows.map((r) => r.host)).toEqual([0, 3, 4])
    expect(rows[0].out).toBe(1 + 2 + 5 + 6)
    expect(l.g[l.curRow * WIN_COLS + WinCol.SrcHosts]).toBe(6)
    expect(l.g[l.curRow * WIN_COLS + WinCol.ActiveHosts]).toBe(5)
    expect(l.foldedHosts).toBe(2)
  })

  it('folds nothing and reports 0 below the caps', () => {
    const l = level(512, 1 << 18, 1 << 16)
    for (let h = 1; h <= 50; h++) l.addPacket(h, h + 1, 10, WinCol.Tcp, -1, -1, false)
    l.close(null)
    expect(keptRows(l).map((r) => r.host)).toEqual(Array.from({ length: 51 }, (_, i) => i + 1))
    expect(l.foldedHosts).toBe(0)
  })
})
