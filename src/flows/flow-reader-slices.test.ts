/**
 * Property: flows do not depend on how the input is cut, through the real path (issue 3). Arbitrary packets are
 * written as a pcap file (Ethernet/IPv4/IPv6, TCP/UDP/ICMP, VXLAN-tunnelled TCP, frames cut short by a snap
 * length), read back with the real reader from a byte source cut into slices of any size (sources.ts
 * `sliceSize`, down to 1 byte), decoded by the real decoders into packet batches of any row count, and
 * assembled in every flow mode. The flows (records, states and each packet's flow id) must equal those of the
 * file read whole in full-size batches.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DecodeContext } from '../decode/context.ts'
import { decodeFrame } from '../decode/frame.ts'
import { concat, eth, hex, ipv4, ipv6, tcp, udp } from '../decode/frame-test-kit.ts'
import type { PacketSink } from '../formats/format.ts'
import { PcapWriter } from '../formats/pcap-writer.ts'
import { openCapture } from '../formats/registry.ts'
import { bytesSource } from '../formats/sources.ts'
import { AnomalyCounter } from '../model/anomalies.ts'
import { PacketBatch } from '../model/packet-batch.ts'
import type { FlowModeName } from './flow-modes.ts'
import { createFlowTable } from './flow-table.ts'

const SEED = 20250311
const hosts = ['10.0.0.1', '10.0.0.2', '10.0.0.3']
const ports = [53, 80, 443, 4000, 40000]
const flagSets = [0x02, 0x12, 0x10, 0x18, 0x11, 0x04, 0x14, 0x01]

const packetArb = fc.record({
  kind: fc.constantFrom('tcp', 'tcp', 'udp', 'icmp', 'tcp6', 'udp6', 'vxlan'),
  dt: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 3, noNaN: true }), fc.double({ min: 0, max: 400, noNaN: true })),
  a: fc.integer({ min: 0, max: 2 }),
  b: fc.integer({ min: 0, max: 2 }),
  pa: fc.constantFrom(...ports),
  pb: fc.constantFrom(...ports),
  flags: fc.constantFrom(...flagSets),
  seq: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.nat()),
  ack: fc.integer({ min: 0, max: 3000 }),
  len: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 40 })),
  icmpType: fc.constantFrom(0, 8, 3),
  /** Captured bytes when a snap length cut the frame. */
  cut: fc.option(fc.integer({ min: 14, max: 70 }), { freq: 5 }),
})

type Raw = typeof packetArb extends fc.Arbitrary<infer T> ? T : never

function frameOf(r: Raw): Uint8Array {
  const payload = new Uint8Array(r.len).map((_, i) => (i * 7 + r.len) & 0xff)
  const v4 = { src: hosts[r.a], dst: hosts[r.b] }
  const seg = () => tcp(r.pa, r.pb, payload, { seq: r.seq, ack: r.ack, flags: r.flags })
  switch (r.kind) {
    case 'udp': return eth(0x0800, ipv4(17, udp(r.pa, r.pb, payload), v4))
    case 'icmp': return eth(0x0800, ipv4(1, concat(hex(`${r.icmpType.toString(16).padStart(2, '0')} 00 0000 0007 0001`), payload), v4))
    case 'tcp6': return eth(0x86dd, ipv6(6, seg(), { srcLow: r.a + 1, dstLow: r.b + 1 }))
    case 'udp6': return eth(0x86dd, ipv6(17, udp(r.pa, r.pb, payload), { srcLow: r.a + 1, dstLow: r.b + 1 }))
    case 'vxlan': {
      const inner = eth(0x0800, ipv4(6, seg(), { src: '192.168.0.1', dst: '192.168.0.2' }))
      const vxlan = concat(hex('08000000 00000100'), inner) // flags I, VNI 1 (RFC 7348 section 5)
      return eth(0x0800, ipv4(17, udp(r.pa === 4789 ? 4000 : r.pa, 4789, vxlan), v4))
    }
    default: return eth(0x0800, ipv4(6, seg(), v4))
  }
}

function pcapOf(raw: readonly Raw[]): Uint8Array {
  const w = new PcapWriter()
  let t = 1_700_000_000
  for (const r of raw) {
    t += r.dt
    const frame = frameOf(r)
    const captured = r.cut === null ? frame : frame.subarray(0, Math.min(frame.length, r.cut))
    w.record({ time: t, data: captured, origLen: frame.length })
  }
  return w.take()
}

/** Reads `bytes` in `sliceSize`-byte slices, decodes into batches of `rows` rows, and assembles flows. */
async function flowsOf(bytes: Uint8Array, mode: FlowModeName, sliceSize: number, rows: number) {
  const ctx = new DecodeContext()
  const table = createFlowTable(mode)
  const batch = new PacketBatch(rows)
  const ids: number[] = []
  const flush = (): void => {
    if (batch.count === 0) return
    const out = new Int32Array(batch.count)
    table.consume(batch, ctx, out)
    ids.push(...out)
    batch.reset()
  }
  const sink: PacketSink = {
    packet(linkType, time, origLen, data, start, capLen) {
      const row = batch.count++
      batch.clearRow(row)
      batch.time[row] = time
      batch.capLen[row] = capLen
      batch.origLen[row] = origLen
      batch.linkType[row] = linkType
      ctx.time = time
      decodeFrame(ctx, linkType, data, start, capLen, batch, row)
      if (batch.count === batch.capacity) flush()
    },
  }
  const opened = await openCapture(bytesSource(bytes, 'slices.pcap', sliceSize))
  await opened.format.read(opened.source, sink, { anomalies: new AnomalyCounter() })
  flush()
  table.finish()
  return { ids, records: table.toRecords(ctx, { limit: 100000 }), states: table.stateCounts() }
}

describe('flows through the real reader and decoders are independent of slice and batch sizes', () => {
  for (const mode of ['zeek', 'wireshark', 'cicflowmeter'] as const) {
    it(`${mode}: any slice size and any batch size give the same flows and packet-to-flow ids`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(packetArb, { minLength: 1, maxLength: 60 }), fc.integer({ min: 1, max: 700 }), fc.integer({ min: 1, max: 40 }), async (raw, slice, rows) => {
          const bytes = pcapOf(raw)
          const whole = await flowsOf(bytes, mode, bytes.length, 8192)
          const cut = await flowsOf(bytes, mode, slice, rows)
          expect(cut.records).toEqual(whole.records)
          expect(cut.ids).toEqual(whole.ids)
          expect(cut.states).toEqual(whole.states)
          expect(whole.ids).toHaveLength(raw.length)
          // Flows count each packet once (plus once more in its outer conversation when tunnelled); zeek mode
          // leaves out packets whose transport header the snap length cut off (id -1).
          const inner = whole.records.filter((r) => !r.tunnel).reduce((n, r) => n + r.origPkts + r.respPkts, 0)
          expect(inner).toBe(whole.ids.filter((id) => id >= 0).length)
          if (mode !== 'zeek') expect(whole.ids.every((id) => id >= 0)).toBe(true)
        }),
        { seed: SEED, numRuns: 100 },
      )
    })
  }
})
