import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { guessApp } from './app-guess.ts'
import { ActiveFlowIndex, Match } from './flow-hash.ts'
import { PacketKey, hashKey } from './flow-key.ts'
import { FlowOverflow } from './flow-overflow.ts'
import { resolveFlowMode } from './flow-modes.ts'
import { ENTROPY_SCALE, PAYLOAD_ENTROPY_SAMPLE, payloadEntropyBits, payloadEntropyCode } from '../decode/payload-entropy.ts'
import { isLikelyServerPort } from './well-known-ports.ts'
import { createFlowTable } from './flow-table.ts'
import { batchOf, seg } from './test-batch.ts'

function key(a: number, pa: number, b: number, pb: number, proto = 6): PacketKey {
  const k = new PacketKey()
  Object.assign(k, { kind: 0, proto, srcAddr: a, srcPort: pa, dstAddr: b, dstPort: pb })
  k.hash = hashKey(k)
  return k
}

describe('active flow index', () => {
  it('finds a flow from both directions and tells which way the packet goes', () => {
    const idx = new ActiveFlowIndex()
    const s = idx.add(key(1, 1000, 2, 80), 7)
    expect(idx.find(key(1, 1000, 2, 80))).toBe(s)
    expect(idx.direction).toBe(Match.Forward)
    expect(idx.find(key(2, 80, 1, 1000))).toBe(s)
    expect(idx.direction).toBe(Match.Reverse)
    expect(idx.find(key(2, 80, 1, 1001))).toBe(-1)
    expect(idx.find(key(1, 1000, 2, 80, 17))).toBe(-1)
  })

  it('stays consistent with a Map through random inserts and removals (backward-shift deletion)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 300 })), { maxLength: 2000 }), (ops) => {
        const idx = new ActiveFlowIndex(4)
        const model = new Map<number, number>()
        let next = 0
        for (const [insert, n] of ops) {
          const k = key(n, n & 7, 1000 + (n >> 3), 80)
          const found = idx.find(k)
          expect(found >= 0).toBe(model.has(n))
          if (insert && found < 0) model.set(n, idx.add(k, next++))
          else if (!insert && found >= 0) {
            idx.remove(found)
            model.delete(n)
          }
        }
        expect(idx.size).toBe(model.size)
        for (const [n, s] of model) expect(idx.find(key(n, n & 7, 1000 + (n >> 3), 80))).toBe(s)
      }),
      { seed: 42, numRuns: 60 },
    )
  })
})

describe('payload entropy', () => {
  it('is 0 for a constant payload and log2(sample) bits for distinct byte values', () => {
    expect(payloadEntropyBits(new Uint8Array(100).fill(65), 0, 100)).toBe(0)
    const all = new Uint8Array(PAYLOAD_ENTROPY_SAMPLE).map((_, i) => i)
    const ceiling = Math.log2(PAYLOAD_ENTROPY_SAMPLE)
    expect(payloadEntropyBits(all, 0, all.length)).toBeCloseTo(ceiling, 9)
    expect(payloadEntropyCode(all, 0, all.length)).toBe(Math.round(ceiling * ENTROPY_SCALE))
  })

  it('gives the same answer on repeated calls (the lazily reset counters start from zero each time)', () => {
    const text = new TextEncoder().encode('GET /index.html HTTP/1.1\r\nHost: example.org\r\n\r\n')
    const first = payloadEntropyBits(text, 0, text.length)
    expect(payloadEntropyBits(new Uint8Array(200).fill(7), 0, 200)).toBe(0)
    expect(payloadEntropyBits(text, 0, text.length)).toBe(first)
    expect(first).toBeGreaterThan(3.5)
    expect(first).toBeLessThan(5.5)
  })

  it('examines only the first PAYLOAD_ENTROPY_SAMPLE bytes and never reads past the buffer', () => {
    const buf = new Uint8Array(1000)
    buf.set(new Uint8Array(PAYLOAD_ENTROPY_SAMPLE).map((_, i) => i))
    expect(payloadEntropyBits(buf, 0, 1000)).toBeCloseTo(Math.log2(PAYLOAD_ENTROPY_SAMPLE), 9)
    expect(payloadEntropyBits(buf, 990, 5000)).toBe(0)
    expect(payloadEntropyCode(buf, 10, 10)).toBe(255)
  })

  it('gives log2(n) for n distinct bytes (two halves: 1 bit)', () => {
    const two = new Uint8Array(64).map((_, i) => (i < 32 ? 1 : 2))
    expect(payloadEntropyBits(two, 0, 64)).toBeCloseTo(1, 9)
    expect(Math.round(1 * ENTROPY_SCALE)).toBe(payloadEntropyCode(two, 0, 64))
  })
})

describe('ports, application guess, modes, overflow', () => {
  it('knows Zeek\'s likely server ports per transport', () => {
    expect(isLikelyServerPort(6, 80)).toBe(true)
    expect(isLikelyServerPort(17, 53)).toBe(true)
    expect(isLikelyServerPort(17, 67)).toBe(true)
    expect(isLikelyServerPort(17, 68)).toBe(false)
    expect(isLikelyServerPort(6, 40000)).toBe(false)
    expect(isLikelyServerPort(1, 80)).toBe(false)
  })

  it('guesses by the responder port, then by the originator port', () => {
    expect(guessApp(0, 6, 40000, 22)).toEqual({ name: 'ssh', source: 'port' })
    expect(guessApp(0, 6, 22, 40000)).toEqual({ name: 'ssh', source: 'port' })
    expect(guessApp(0, 17, 40000, 40001)).toBeNull()
    expect(guessApp(2, 6, 40000, 8080)).toEqual({ name: 'tls', source: 'content' })
  })

  it('turns invalid custom timeouts into "never"', () => {
    const m = resolveFlowMode({ ...resolveFlowMode('zeek'), name: 'custom', udpIdleTimeout: NaN, tcpIdleTimeout: -5 })
    expect(m.udpIdleTimeout).toBe(Infinity)
    expect(m.tcpIdleTimeout).toBe(Infinity)
    expect(m.icmpIdleTimeout).toBe(60)
  })

  it('estimates distinct keys within a few percent', () => {
    const o = new FlowOverflow()
    for (let i = 0; i < 100000; i++) o.add(hashKey(key(i, 1, 2, 3)), 60)
    for (let i = 0; i < 100000; i++) o.add(hashKey(key(i, 1, 2, 3)), 60)
    expect(o.packets).toBe(200000)
    expect(Math.abs(o.estimatedFlows - 100000) / 100000).toBeLessThan(0.05)
  })

  it('makes no TCP conversation of a header too short to read (transport bit set, ports 0)', () => {
    const { ctx, batch } = batchOf([seg(0, '10.0.0.1:0', '10.0.0.2:0', '', 0, 0), seg(1, '10.0.0.1:0', '10.0.0.2:0', '', 0, 0)])
    const t = createFlowTable('wireshark')
    t.consume(batch, ctx)
    t.finish()
    const [r, ...rest] = t.toRecords(ctx)
    expect(rest).toHaveLength(0)
    expect(r.state).toBe('OTH')
    expect(r.history).toBe('')
    expect(t.columns.flags[0] & 32).toBe(32)
  })
})
