import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AnomalyCounter } from '../model/anomalies.ts'
import type { DhcpFact, DnsFact, HttpRequestFact, QuicInitialFact, TlsHelloFact } from '../model/app-facts.ts'
import { Layer } from '../model/layers.ts'
import { App, PacketBatch } from '../model/packet-batch.ts'
import { decodeApp } from './app.ts'
import {
  ascii, bytes, clientHelloRecord, dnsHeader, dnsName, prepareRow, sniExtension, tlsRecord, u16, u32, type PacketSpec,
} from './app-test-fixtures.ts'
import { DecodeContext } from './context.ts'
import { TlsReassembly } from './tls-reassembly.ts'
import { countedBytes } from './counted-bytes.ts'

function run(ctx: DecodeContext, batch: PacketBatch, payload: Uint8Array, spec: PacketSpec) {
  const row = prepareRow(ctx, batch, payload, spec)
  decodeApp(ctx, batch, row, 40, 40 + payload.length)
  const fi = batch.factIndex[row]
  return { app: batch.app[row], layers: batch.layers[row], fact: fi >= 0 ? batch.facts[fi] : null }
}

function fresh() {
  return { ctx: new DecodeContext(), batch: new PacketBatch(64) }
}

const dnsQuery = bytes(dnsHeader(0xbeef, 0x0100, 1, 0), dnsName('example.net'), u16(1), u16(1))
const hello = clientHelloRecord({ ciphers: [0x1301], extensions: [sniExtension('app.example')] })

describe('decodeApp', () => {
  it('decodes DNS over UDP on 53, 5353 and 5355 and over TCP on 53', () => {
    for (const port of [53, 5353, 5355]) {
      const { ctx, batch } = fresh()
      const r = run(ctx, batch, dnsQuery, { proto: 17, srcPort: 40000, dstPort: port })
      expect(r.app).toBe(App.DNS)
      expect(r.layers & Layer.dns).toBe(Layer.dns)
      expect((r.fact as DnsFact).qname).toBe('example.net')
    }
    const { ctx, batch } = fresh()
    const r = run(ctx, batch, bytes(u16(dnsQuery.length), dnsQuery), { proto: 6, srcPort: 40000, dstPort: 53 })
    expect((r.fact as DnsFact).id).toBe(0xbeef)
  })

  it('decodes TLS on any TCP port and marks non-hello records as TLS without a fact', () => {
    const { ctx, batch } = fresh()
    const r = run(ctx, batch, hello, { proto: 6, srcPort: 50000, dstPort: 8443 })
    expect(r.app).toBe(App.TLS)
    expect(r.layers & Layer.tls).toBe(Layer.tls)
    expect((r.fact as TlsHelloFact).sni).toBe('app.example')
    const data = run(ctx, batch, tlsRecord(23, new Uint8Array(100), 0x0303), { proto: 6, srcPort: 443, dstPort: 50000 })
    expect(data.app).toBe(App.TLS)
    expect(data.fact).toBeNull()
  })

  it('answers for a non-handshake record start exactly as the TLS reassembly does (fast-check seed 23)', () => {
    // With no hello pending, records other than handshakes skip tls.feed; the answer must be the same.
    const header = fc.tuple(fc.constantFrom(20, 21, 23, 24), fc.constantFrom(2, 3, 4), fc.nat(6), fc.constantFrom(0, 1, 2, 100, 18432, 18433, 0xffff))
    fc.assert(
      fc.property(header, fc.uint8Array({ maxLength: 12 }), fc.nat(6), ([type, major, minor, length], rest, cut) => {
        const payload = bytes(type, major, minor, u16(length), rest).subarray(0, 5 + rest.length - Math.min(cut, 5 + rest.length - 1))
        const expected = new TlsReassembly().feed(payload, 0, payload.length, payload.length, 1, 2, 3, 4, 0, 0, new AnomalyCounter())
        const { ctx, batch } = fresh()
        const r = run(ctx, batch, payload, { proto: 6, srcPort: 50000, dstPort: 8080 })
        expect(r.app === App.TLS).toBe(expected)
        expect(r.fact).toBeNull()
        expect(ctx.anomalies.total).toBe(0)
      }),
      { seed: 23, numRuns: 500 },
    )
  })

  it('emits a split hello on the packet that completes it', () => {
    const { ctx, batch } = fresh()
    const first = run(ctx, batch, hello.subarray(0, 50), { proto: 6, srcPort: 50000, dstPort: 443, seq: 100 })
    expect(first.app).toBe(App.TLS)
    expect(first.fact).toBeNull()
    // Another flow's packet in between does not disturb the pending one.
    run(ctx, batch, bytes(ascii('hello')), { proto: 6, srcPort: 1234, dstPort: 80, srcAddr: 9 })
    const second = run(ctx, batch, hello.subarray(50), { proto: 6, srcPort: 50000, dstPort: 443, seq: 150 })
    expect(second.app).toBe(App.TLS)
    expect((second.fact as TlsHelloFact).sni).toBe('app.example')
  })

  it('decodes HTTP requests on any TCP port and marks responses', () => {
    const { ctx, batch } = fresh()
    const req = run(ctx, batch, bytes(ascii('GET / HTTP/1.1\r\nHost: h\r\n\r\n')), { proto: 6, srcPort: 50000, dstPort: 8080 })
    expect(req.app).toBe(App.HTTP)
    expect(req.layers & Layer.http).toBe(Layer.http)
    expect((req.fact as HttpRequestFact).host).toBe('h')
    const resp = run(ctx, batch, bytes(ascii('HTTP/1.1 200 OK\r\n\r\n')), { proto: 6, srcPort: 8080, dstPort: 50000 })
    expect(resp.app).toBe(App.HTTP)
    expect(resp.fact).toBeNull()
  })

  it('decodes DHCP between ports 67 and 68', () => {
    const { ctx, batch } = fresh()
    const msg = bytes(1, 1, 6, 0, new Uint8Array(24), [2, 0, 0, 0, 0, 1], new Uint8Array(10 + 192), u32(0x63825363), 53, 1, 1, 255)
    const r = run(ctx, batch, msg, { proto: 17, srcPort: 68, dstPort: 67 })
    expect(r.app).toBe(App.DHCP)
    expect(r.layers & Layer.dhcp).toBe(Layer.dhcp)
    expect((r.fact as DhcpFact).clientMac).toBe('02:00:00:00:00:01')
  })

  it('decodes QUIC Initials on any port and marks QUIC-looking packets on 443', () => {
    const { ctx, batch } = fresh()
    const initial = bytes(0xc0, u32(1), 4, 1, 2, 3, 4, 0, 0, u16(0x4000 | 20), new Uint8Array(20))
    const r = run(ctx, batch, initial, { proto: 17, srcPort: 50000, dstPort: 4433 })
    expect(r.app).toBe(App.QUIC)
    expect((r.fact as QuicInitialFact).version).toBe(1)
    const short = run(ctx, batch, bytes(0x41, new Uint8Array(30)), { proto: 17, srcPort: 443, dstPort: 50000 })
    expect(short.app).toBe(App.QUIC)
    expect(short.fact).toBeNull()
    const other = run(ctx, batch, bytes(0x41, new Uint8Array(30)), { proto: 17, srcPort: 4433, dstPort: 50000 })
    expect(other.app).toBe(App.None)
  })

  it('leaves unrecognised payloads alone', () => {
    const { ctx, batch } = fresh()
    for (const [payload, spec] of [
      [bytes(ascii('SSH-2.0-OpenSSH_9.6\r\n')), { proto: 6, srcPort: 50000, dstPort: 22 }],
      [bytes(0x16, 0x03), { proto: 6, srcPort: 50000, dstPort: 443 }],
      [new Uint8Array(30), { proto: 17, srcPort: 50000, dstPort: 9999 }],
      [bytes(ascii('GET / RTSP/1.0\r\n\r\n')), { proto: 6, srcPort: 50000, dstPort: 554 }],
    ] as [Uint8Array, PacketSpec][]) {
      const r = run(ctx, batch, payload, spec)
      expect(r.app).toBe(App.None)
      expect(r.layers).toBe(0)
      expect(r.fact).toBeNull()
    }
    expect(batch.facts).toHaveLength(0)
  })

  it('never throws and never reaches its error guard on arbitrary payloads and ports', () => {
    const { ctx, batch } = fresh()
    const ports = fc.constantFrom(53, 67, 68, 80, 443, 5353, 5355, 8080, 50000)
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 600 }), fc.constantFrom(6, 17) as fc.Arbitrary<6 | 17>, ports, ports, fc.nat(), (payload, proto, sp, dp, seq) => {
        batch.reset()
        run(ctx, batch, payload, { proto, srcPort: sp, dstPort: dp, seq })
        return ctx.anomalies.get('app.decoder_error') === 0
      }),
      { seed: 7, numRuns: 3000 },
    )
  })

  it('rejects non-matching payloads cheaply: a few leading bytes examined, whatever the payload length', () => {
    // Bytes read by index from the frame while deciding that a payload of `length` bytes is nothing known.
    function bytesExamined(length: number, spec: PacketSpec): { reads: number; app: number } {
      const { ctx, batch } = fresh()
      const payload = new Uint8Array(length).map((_, i) => (i * 7 + 0x61) & 0x7f)
      const row = prepareRow(ctx, batch, payload, spec)
      const counted = countedBytes(ctx.reader.buf)
      ctx.reader.reset(counted.bytes, ctx.reader.start, ctx.reader.end)
      decodeApp(ctx, batch, row, 40, 40 + payload.length)
      return { reads: counted.reads(), app: batch.app[row] }
    }
    for (const spec of [
      { proto: 6, srcPort: 50000, dstPort: 443 },
      { proto: 6, srcPort: 50000, dstPort: 80 },
      { proto: 17, srcPort: 50000, dstPort: 9999 },
    ] as PacketSpec[]) {
      const short = bytesExamined(64, spec)
      const long = bytesExamined(1400, spec)
      console.log(`app rejection, ${spec.proto}/${spec.dstPort}: ${long.reads} bytes examined of 1400`)
      expect(long.app).toBe(App.None)
      expect(short.app).toBe(App.None)
      // The work per packet does not grow with the payload, and stays a small prefix of it.
      expect(long.reads).toBe(short.reads)
      expect(long.reads).toBeLessThanOrEqual(16)
    }
  })
})
