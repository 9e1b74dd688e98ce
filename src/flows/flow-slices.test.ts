/**
 * Property: the flows do not depend on how the packet stream is cut into batches (any slice size, including
 * 1), in every mode, and the table never throws on arbitrary header values.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DecodeContext } from '../decode/context.ts'
import type { FlowModeName } from './flow-modes.ts'
import { createFlowTable } from './flow-table.ts'
import type { PacketSpec } from './test-batch.ts'
import { toBatches } from './test-batch.ts'

const SEED = 20240611
const hosts = ['10.0.0.1', '10.0.0.2', '10.0.0.3', '[2001:db8::1]', '[2001:db8::2]']
const ports = [53, 80, 443, 5000, 40000]
const protos = ['tcp', 'tcp', 'tcp', 'udp', 'icmp', 'arp'] as const
const flagSets = ['S', 'SA', 'A', 'PA', 'FA', 'R', 'RA', 'F', 'SF', 'FRA']

const packetArb = fc.record({
  dt: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: 0, max: 400, noNaN: true }), fc.constant(-1)),
  a: fc.integer({ min: 0, max: 2 }),
  b: fc.integer({ min: 0, max: 2 }),
  v6: fc.boolean(),
  pa: fc.constantFrom(...ports),
  pb: fc.constantFrom(...ports),
  proto: fc.constantFrom(...protos),
  flags: fc.constantFrom(...flagSets),
  seq: fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.nat()),
  ack: fc.oneof(fc.integer({ min: 0, max: 2000 }), fc.nat()),
  len: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 1500 })),
  win: fc.oneof(fc.constant(0), fc.constant(65535)),
  type: fc.constantFrom(0, 8, 3, 11),
  id: fc.integer({ min: 0, max: 3 }),
})

type Raw = typeof packetArb extends fc.Arbitrary<infer T> ? T : never

function toSpecs(raw: readonly Raw[]): PacketSpec[] {
  let t = 1_700_000_000
  return raw.map((r) => {
    t += r.dt
    const host = (i: number) => (r.v6 && r.proto !== 'arp' ? hosts[3 + (i % 2)] : hosts[i])
    const src = r.proto === 'arp' || r.proto === 'icmp' ? host(r.a).replace(/[[\]]/g, '') : `${host(r.a)}:${r.pa}`
    const dst = r.proto === 'arp' || r.proto === 'icmp' ? host(r.b).replace(/[[\]]/g, '') : `${host(r.b)}:${r.pb}`
    const proto = r.proto === 'icmp' && r.v6 ? 'icmpv6' : r.proto
    const v6icmp = proto === 'icmpv6'
    return {
      t, proto, flags: r.flags, seq: r.seq, ack: r.ack, len: r.len, win: r.win, type: v6icmp ? 128 + (r.type % 2) : r.type, icmpId: r.id,
      src: v6icmp ? `[${src}]` : src, dst: v6icmp ? `[${dst}]` : dst,
    }
  })
}

function flowsOf(specs: readonly PacketSpec[], mode: FlowModeName, slice: number) {
  const ctx = new DecodeContext()
  const table = createFlowTable(mode)
  const ids: number[] = []
  for (const b of toBatches(ctx, specs, slice)) {
    const out = new Int32Array(b.count)
    table.consume(b, ctx, out)
    ids.push(...out)
  }
  table.finish()
  return { ids, records: table.toRecords(ctx, { limit: 100000 }), states: table.stateCounts() }
}

describe('flows are independent of how the input is sliced', () => {
  for (const mode of ['zeek', 'wireshark', 'cicflowmeter'] as const) {
    it(`${mode}: slices of any size give the same flows and packet-to-flow ids`, () => {
      fc.assert(
        fc.property(fc.array(packetArb, { minLength: 1, maxLength: 120 }), fc.integer({ min: 1, max: 40 }), (raw, slice) => {
          const specs = toSpecs(raw)
          const whole = flowsOf(specs, mode, specs.length)
          const cut = flowsOf(specs, mode, slice)
          expect(cut.records).toEqual(whole.records)
          expect(cut.ids).toEqual(whole.ids)
          expect(cut.states).toEqual(whole.states)
          // Every packet belongs to exactly one flow, and the flows account for every packet.
          const total = whole.records.reduce((n, r) => n + r.origPkts + r.respPkts, 0)
          expect(total).toBe(specs.length)
          for (const r of whole.records) expect(r.duration).toBeGreaterThanOrEqual(0)
        }),
        { seed: SEED, numRuns: 150 },
      )
    })
  }
})
