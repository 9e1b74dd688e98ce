/**
 * Property tests (shared/RELIABILITY.md): decodeFrame on arbitrary bytes, and on mutated valid frames, for
 * every supported link type never throws, never counts decoder.internal_error, and never writes a row other
 * than its own. Seeds are fixed and printed by fast-check on failure.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { PacketBatch } from '../model/packet-batch.ts'
import { DecodeContext } from './context.ts'
import { decodeFrame } from './frame.ts'
import { ascii, concat, eth, hex, ipv4, ipv6, tcp, udp } from './frame-test-kit.ts'
import { LinkType } from './link-types.ts'

const LINK_TYPES = [...Object.values(LinkType), 147]
const ROW = 5
const COLUMNS = [
  'layers', 'net', 'ipProto', 'srcAddr', 'dstAddr', 'srcMac', 'dstMac', 'srcPort', 'dstPort', 'icmpId', 'tcpFlags',
  'tcpSeq', 'tcpAck', 'tcpWindow', 'payloadLen', 'vlan', 'ttl', 'app', 'factIndex', 'time', 'capLen', 'origLen', 'linkType',
] as const

/** A batch whose rows all hold distinct non-default values, so a stray write to another row shows. */
function sentinelBatch(): PacketBatch {
  const b = new PacketBatch(8)
  for (const c of COLUMNS) for (let i = 0; i < b.capacity; i++) b[c][i] = 7 + i
  return b
}

function run(ctx: DecodeContext, linkType: number, data: Uint8Array, start: number, capLen: number, origLen: number): PacketBatch {
  const b = sentinelBatch()
  b.clearRow(ROW)
  b.capLen[ROW] = capLen
  b.origLen[ROW] = origLen
  b.linkType[ROW] = linkType
  decodeFrame(ctx, linkType, data, start, capLen, b, ROW)
  const fresh = sentinelBatch()
  for (const c of COLUMNS) for (let i = 0; i < b.capacity; i++) if (i !== ROW && b[c][i] !== fresh[c][i]) throw new Error(`row ${i} column ${c} written`)
  if (b.facts.length > 1) throw new Error('more than one fact for one frame')
  return b
}

const inner = () => ipv4(6, tcp(40000, 443, hex('160301002e0100002a0303')), { src: '172.16.0.1', dst: '172.16.0.2' })
/** Valid frames of many layers, the seeds of the structure-aware mutations. */
const SEEDS: ReadonlyArray<[number, Uint8Array]> = [
  [1, eth(0x0800, ipv4(6, tcp(1, 80, ascii('GET / HTTP/1.1\r\nHost: a\r\n\r\n'), { options: hex('020405b4 01030307') })))],
  [1, eth(0x8100, concat(hex('0064 88a8 00c8 86dd'), ipv6(0, concat(hex('11 00 0104 00000000'), udp(5353, 53, hex('000001000000000000000000'))))))],
  [1, eth(0x0800, ipv4(47, concat(hex('b000 6558 0000 0000 00000001 00000002'), eth(0x0800, inner()))))],
  [1, eth(0x0800, ipv4(17, udp(1, 4789, concat(hex('08000000 00000100'), eth(0x0800, inner())))))],
  [1, eth(0x86dd, ipv6(17, udp(1, 6081, concat(hex('01 00 6558 000001 00 0103 80 00'), eth(0x86dd, ipv6(58, hex('8000 0000 0001 0001')))))))],
  [1, eth(0x0800, ipv4(1, concat(hex('0303 0000 00000000'), ipv4(17, udp(1, 53, new Uint8Array(0))))))],
  [1, eth(0x8847, concat(hex('00010040 00020140'), ipv4(4, inner())))],
  [1, eth(0x8864, concat(hex('1100 0001 0035 0021'), inner()))],
  [113, concat(hex('0000 0001 0006 66778899aabb 0000 0800'), inner())],
  [276, concat(hex('86dd 0000 00000002 0001 04 06 66778899aabb 0000'), ipv6(44, concat(hex('06 00 0001 00000001'), tcp(1, 2, new Uint8Array(4)))))],
  [127, concat(hex('0000 0d00 06000000 00 10 00 00 00'), hex('8801 0000 020000000001 020000000002 020000000003 1000 0000'), hex('aaaa03 000000 0800'), inner(), hex('00000000'))],
  [239, concat(hex('02 00 0000 0800 0100 08000000'), hex('3700 0900'), inner())],
  [258, concat(hex('6c000000 01000000'), new Uint8Array(100), eth(0x0800, inner()))],
  [0, concat(hex('02000000'), inner())],
  [9, concat(hex('ff03 0021'), inner())],
  [104, concat(hex('0f00 0800'), inner())],
  [107, concat(hex('1841 03 cc'), inner())],
]

describe('decodeFrame on hostile input', () => {
  it('survives arbitrary bytes on every link type', () => {
    const ctx = new DecodeContext()
    fc.assert(
      fc.property(
        fc.constantFrom(...LINK_TYPES),
        fc.uint8Array({ maxLength: 400 }),
        fc.nat({ max: 16 }),
        fc.integer({ min: -64, max: 2000 }),
        (linkType, bytes, start, extra) => {
          const data = concat(new Uint8Array(start).fill(0xee), bytes, new Uint8Array(8).fill(0xee))
          run(ctx, linkType, data, start, bytes.length, Math.max(0, bytes.length + extra))
        },
      ),
      { seed: 20240611, numRuns: 3000 },
    )
    expect(ctx.anomalies.get('decoder.internal_error')).toBe(0)
  })

  it('survives structure-aware mutations of valid frames (byte flips, 2% corruption, truncation, splicing)', () => {
    const ctx = new DecodeContext()
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('corrupt' as const), seed: fc.nat() }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
      fc.record({ kind: fc.constant('splice' as const), other: fc.nat(), from: fc.nat(), to: fc.nat() }),
    )
    fc.assert(
      fc.property(fc.nat(SEEDS.length - 1), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seedIndex, mutations) => {
        const [linkType, seed] = SEEDS[seedIndex]
        let frame: Uint8Array = Uint8Array.from(seed)
        for (const m of mutations) {
          if (m.kind === 'flip' && frame.length > 0) frame[m.at % frame.length] = m.value
          else if (m.kind === 'corrupt') {
            let x = m.seed | 1
            for (let i = 0; i < frame.length; i++) {
              x = (Math.imul(x, 1103515245) + 12345) >>> 0
              if (x % 50 === 0) frame[i] = x >>> 24
            }
          } else if (m.kind === 'cut') frame = frame.subarray(0, m.at % (frame.length + 1))
          else if (m.kind === 'splice') {
            const other = SEEDS[m.other % SEEDS.length][1]
            const from = m.from % (other.length + 1)
            frame = concat(frame.subarray(0, m.to % (frame.length + 1)), other.subarray(from))
          }
        }
        run(ctx, linkType, frame, 0, frame.length, frame.length)
      }),
      { seed: 424242, numRuns: 4000 },
    )
    expect(ctx.anomalies.get('decoder.internal_error')).toBe(0)
  })

  it('decodes every seed frame without anomalies', () => {
    for (const [linkType, frame] of SEEDS) {
      const ctx = new DecodeContext()
      const b = run(ctx, linkType, frame, 0, frame.length, frame.length)
      expect([linkType, ctx.anomalies.toRecord()]).toEqual([linkType, {}])
      expect(b.net[ROW]).not.toBe(0)
    }
  })
})
