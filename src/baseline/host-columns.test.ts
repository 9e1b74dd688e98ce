import { describe, expect, it } from 'vitest'
import { HostColumns } from './host-columns.ts'

describe('HostColumns', () => {
  it('adds a flow into the host latest window when its window is not past it, and bands only the period windows', () => {
    const h = new HostColumns(2)
    h.addRates(0, 10, 1, 100, 50, 1)
    h.addRates(1, 10, 7, 700, 70, 0)
    h.addRates(0, 12, 2, 200, 20, 1)
    // Timestamps that went backwards: window 11 is credited to host 0's latest window, 12.
    h.addRates(0, 11, 3, 300, 30, 1)
    const { start, order } = h.windowRecords()
    expect([...start]).toEqual([0, 2, 3])
    // Period windows 10..13: host 0 has 1 packet/s in window 10, 5 in window 12, and two idle windows.
    const [packets, , , flows] = h.bands(order, start[0], start[1], 10, 4)
    expect(packets.max).toBe(5)
    expect(packets.median).toBe(0.5)
    expect(flows.max).toBe(2)
    // A period starting at window 11 leaves window 10 out.
    expect(h.bands(order, start[0], start[1], 11, 3)[0].median).toBe(0)
    expect(h.bands(order, start[1], start[2], 10, 1)[1].max).toBe(700)
  })

  it('keeps the largest fan-out of any scan window and starts each window empty', () => {
    const h = new HostColumns(1)
    for (const peer of [1, 2, 3, 3]) h.addScan(0, 5, peer, 80, peer === 3)
    h.addScan(0, 6, 1, 80, false)
    h.addScan(0, 6, 1, 443, false)
    h.addScan(0, 6, 1, 22, true)
    h.closeScanWindow(0)
    expect([h.maxHosts[0], h.maxPorts[0], h.maxFailed[0]]).toEqual([3, 3, 2])
  })

  it('caps peers per host and says when a new peer was left out', () => {
    const h = new HostColumns(2)
    expect(h.addPeer(0, 5, 2)).toBe(true)
    expect(h.addPeer(0, 6, 2)).toBe(true)
    expect(h.addPeer(0, 5, 2)).toBe(true)
    expect(h.addPeer(0, 7, 2)).toBe(false)
    expect(h.addPeer(1, 7, 2)).toBe(true)
    const { peers } = h.grouped()
    expect([...peers.values.subarray(peers.start[0], peers.start[1])]).toEqual([5, 6])
    expect([...peers.values.subarray(peers.start[1], peers.start[2])]).toEqual([7])
  })
})
