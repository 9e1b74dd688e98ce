import { describe, expect, it } from 'vitest'
import { DecodeContext } from '../decode/context.ts'
import { ascii, eth, ipv4, ipv6, tcp, udp } from '../decode/frame-test-kit.ts'
import { writePcap } from '../formats/pcap-writer.ts'
import { bytesSource } from '../formats/sources.ts'
import { PacketBatch } from '../model/packet-batch.ts'
import { decodeCapture } from './decode-capture.ts'

type Column = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array

function columnsOf(b: PacketBatch): [string, Column][] {
  return Object.entries(b).filter((e): e is [string, Column] => ArrayBuffer.isView(e[1]))
}

/**
 * Frames that leave different columns unset: a TCP segment with a TLS record (app, entropy), a DNS query over
 * UDP (fact index), an ICMP-less IPv6 TCP SYN (no payload: entropy stays unset), an IPv4-in-IPv4 tunnel (the
 * tunnel columns), a VLAN-tagged frame (vlan) and a runt Ethernet frame (nothing past the link layer).
 */
function mixedCapture(): Uint8Array {
  const tlsAppData = Uint8Array.from([0x17, 0x03, 0x03, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 7, 8])
  const dnsQuery = Uint8Array.from([0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 3, 0x77, 0x77, 0x77, 0, 0, 1, 0, 1])
  const vlanTagged = eth(0x8100, Uint8Array.from([0x00, 0x2a, 0x08, 0x00, ...ipv4(17, udp(4000, 5000, ascii('hello')))]))
  const frames = [
    eth(0x0800, ipv4(6, tcp(51000, 443, tlsAppData))),
    eth(0x0800, ipv4(17, udp(53000, 53, dnsQuery))),
    eth(0x86dd, ipv6(6, tcp(40000, 80, new Uint8Array(0)))),
    eth(0x0800, ipv4(4, ipv4(6, tcp(1234, 22, ascii('SSH-2.0-x\r\n')), { src: '192.168.0.1', dst: '192.168.0.2' }))),
    vlanTagged,
    Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
  ]
  const records = []
  for (let i = 0; i < 60; i++) records.push({ time: 1700000000 + i / 8, data: frames[i % frames.length] })
  return writePcap(records)
}

/** Decodes `bytes` with batches of `capacity` rows (reused, or scribbled before each use) and returns every row. */
async function decodeRows(bytes: Uint8Array, capacity: number, scribble: boolean): Promise<Record<string, number[]>> {
  const rows: Record<string, number[]> = {}
  const facts: unknown[] = []
  const dirty = (b: PacketBatch): PacketBatch => {
    // Values no decoder writes, in every column of every row: a row the sink did not clear would show them.
    if (scribble) columnsOf(b).forEach(([, c], k) => c.fill(200 + k))
    return b
  }
  await decodeCapture(
    bytesSource(bytes, 'mixed.pcap', 97),
    new DecodeContext(),
    (b) => {
      for (const [name, c] of columnsOf(b)) {
        const values = Array.from(c.subarray(0, b.count))
        // A fact index counts within its batch: as a number over the whole capture it is comparable across sizes.
        if (name === 'factIndex') for (let i = 0; i < values.length; i++) if (values[i] >= 0) values[i] += facts.length
        ;(rows[name] ??= []).push(...values)
      }
      facts.push(...b.facts)
      b.reset()
      return dirty(b)
    },
    { batch: dirty(new PacketBatch(capacity)) },
  )
  rows.facts = [facts.length]
  return rows
}

describe('decodeCapture batches', () => {
  it('gives the same rows whatever the batch size, however dirty the batches it is handed', async () => {
    const bytes = mixedCapture()
    const reference = await decodeRows(bytes, 8192, false)
    expect(reference.time.length).toBe(60)
    // The frames do leave columns at their cleared values, and set them in others (else this proves nothing).
    expect(new Set(reference.vlan)).toEqual(new Set([0xffff, 42]))
    expect(reference.factIndex).toContain(-1)
    expect(reference.payloadEntropy).toContain(255)
    expect(reference.tunnelProto).toContain(4)
    expect(reference.facts[0]).toBeGreaterThan(0)
    for (const capacity of [1, 7, 64]) {
      expect(await decodeRows(bytes, capacity, false)).toEqual(reference)
      expect(await decodeRows(bytes, capacity, true)).toEqual(reference)
    }
    expect(await decodeRows(bytes, 8192, true)).toEqual(reference)
  })
})
