/**
 * Checklist fixtures for shared/RELIABILITY.md rows 40 and 41 (generic JavaScript hazards and whole-file damage).
 * Row 41's random corruption and splicing run in the fuzz suites (fuzz-*.test.ts); here every seed capture is cut
 * at every byte offset. docs/reliability.md maps every row to its test.
 */
import { describe, expect, it } from 'vitest'
import { concat, decode, eth, hex, ipv4, udp } from '../decode/frame-test-kit.ts'
import { anomaliesOf } from '../decode/reliability-test-kit.ts'
import { ByteReader, Truncated } from '../lib/byte-reader.ts'
import { pcapngSeeds, pcapSeeds } from './capture-seeds.ts'
import { pcapngTarget, pcapTarget } from './capture-target.ts'
import { checkCase } from './target.ts'

/** `depth` IPv4 headers, each carrying the next (IP-in-IP, protocol 4), around a UDP datagram. */
function nestedIpInIp(depth: number): Uint8Array {
  let inner: Uint8Array = udp(1, 2, new Uint8Array(4))
  let protocol = 17
  for (let i = 0; i < depth; i++) {
    inner = ipv4(protocol, inner)
    protocol = 4
  }
  return eth(0x0800, inner)
}

describe('RELIABILITY row 40: reads out of bounds, forward progress, recursion depth', () => {
  it('the one ByteReader throws Truncated past the end instead of yielding undefined', () => {
    const r = new ByteReader().reset(Uint8Array.of(1, 2, 3), 0, 3)
    expect(r.u16(1)).toBe(0x0203)
    expect(() => r.u16(2)).toThrow(Truncated)
    expect(() => r.u8(-1)).toThrow(Truncated)
    expect(() => r.need(0, 4)).toThrow(Truncated)
  })

  it('a frame cut inside a header is caught per packet: the layers before it stay, the next packet decodes', async () => {
    const whole = eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(4))))
    const cut = decode(1, whole.subarray(0, 14 + 10)) // 10 of the 20 IPv4 header bytes, and that is all there was
    expect(cut.layers).toEqual(['eth', 'ip'])
    expect(cut.anomalies).toEqual({ 'ipv4.pkt_too_small': 1 })
    const next = decode(1, whole, { ctx: cut.ctx })
    expect(next.layers).toEqual(['eth', 'ip', 'udp'])
    expect(await anomaliesOf([whole.subarray(0, 24), whole])).toEqual({ 'ipv4.pkt_too_small': 1 })
  })

  it('a cut within the snap length (bytes on the wire not captured) is not an anomaly', () => {
    const whole = eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(4))))
    expect(decode(1, whole, { capLen: 14 + 10 }).anomalies).toEqual({})
  })

  it('length-0 options (IPv4 here; TCP and pcapng options in rows 29 and 21) end the walk instead of stalling', async () => {
    const stall = eth(0x0800, ipv4(17, udp(1, 2, new Uint8Array(4)), { options: hex('8300 0000 8300 0000') }))
    expect(await anomaliesOf([stall])).toEqual({ 'ipv4.opt_invalid_len': 1 })
  })

  it('100 nested IP-in-IP headers stop at the tunnel cap (tunnel.too_deep), without recursion', async () => {
    expect(await anomaliesOf([nestedIpInIp(100)])).toEqual({ 'tunnel.too_deep': 1 })
    expect(decode(1, nestedIpInIp(3)).layers).toEqual(['eth', 'ip', 'udp'])
  })

  it('80 nested 802.1ah (PBB) headers stop at the step cap (decoder.too_many_layers)', async () => {
    let inner: Uint8Array = ipv4(17, udp(1, 2, new Uint8Array(4)))
    for (let i = 0; i < 80; i++) {
      // I-TAG (flags and I-SID), customer destination and source MACs, then the next EtherType.
      inner = concat(hex('00000001 001122334455 66778899aabb'), hex(i === 0 ? '0800' : '88e7'), inner)
    }
    expect(await anomaliesOf([eth(0x88e7, inner)])).toEqual({ 'decoder.too_many_layers': 1 })
  })

  it('a frame of nothing but headers pointing at each other cannot loop: VLAN tags then IP-in-IP', async () => {
    const tags = concat(...Array.from({ length: 20 }, () => hex('0001 8100')))
    const f = eth(0x8100, concat(tags, hex('0001 0800'), nestedIpInIp(40).subarray(14)))
    const anomalies = await anomaliesOf([f])
    expect(anomalies['vlan.too_many_layers']).toBe(1)
  })
})

describe('RELIABILITY row 41: every seed capture cut at every byte offset reads as a prefix', () => {
  const cases = [
    ...pcapSeeds().map((seed) => ({ seed, target: pcapTarget })),
    ...pcapngSeeds().map((seed) => ({ seed, target: pcapngTarget })),
  ]
  for (const { seed, target } of cases) {
    it(`${seed.label} (${seed.bytes.length} bytes), cut at 0..${seed.bytes.length - 1}`, async () => {
      expect(seed.bytes.length).toBeLessThanOrEqual(64 * 1024)
      const problems: string[] = []
      for (let at = 0; at < seed.bytes.length; at++) {
        const r = await checkCase(target, seed.bytes.subarray(0, at), { whole: seed.bytes, cutMayBeBoundary: seed.blocks.includes(at) }, 1 << 20)
        if (r.problem !== null) problems.push(`${at}: ${r.problem}`)
        if (r.outcome?.kind === 'report' && !seed.blocks.includes(at)) {
          // Not at a record boundary: the cut is always marked (checked by the prefix rule when packets are missing).
          if (!r.outcome.truncated) problems.push(`${at}: a cut inside a record is not marked truncated`)
        }
      }
      expect(problems.slice(0, 5)).toEqual([])
    }, 60_000)
  }
})
