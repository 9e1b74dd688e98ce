/**
 * Byte-level builders for the application decoder tests (test-only: imported by *.test.ts, never by the engine).
 * Each builder writes the wire format of its RFC field by field, so a fixture reads like the spec.
 */
import { DecodeContext } from './context.ts'
import { PacketBatch } from '../model/packet-batch.ts'

export type Part = number | readonly number[] | Uint8Array

/** Concatenates numbers (one byte each), byte arrays and Uint8Arrays. */
export function bytes(...parts: Part[]): Uint8Array {
  const out: number[] = []
  for (const p of parts) {
    if (typeof p === 'number') out.push(p & 0xff)
    else for (const b of p) out.push(b & 0xff)
  }
  return Uint8Array.from(out)
}

export const u16 = (v: number): number[] => [(v >>> 8) & 0xff, v & 0xff]
export const u24 = (v: number): number[] => [(v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]
export const u32 = (v: number): number[] => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]
export const ascii = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0))

// ---- TLS (RFC 8446 sections 4 and 5) ----

export function tlsRecord(contentType: number, fragment: Uint8Array, version = 0x0301): Uint8Array {
  return bytes(contentType, u16(version), u16(fragment.length), fragment)
}

export function handshake(msgType: number, body: Uint8Array): Uint8Array {
  return bytes(msgType, u24(body.length), body)
}

export function extension(type: number, data: Part): Uint8Array {
  const d = bytes(data)
  return bytes(u16(type), u16(d.length), d)
}

export function sniExtension(...names: string[]): Uint8Array {
  const list = bytes(...names.map((n) => bytes(0, u16(n.length), ascii(n))))
  return extension(0x0000, bytes(u16(list.length), list))
}

export function alpnExtension(...protocols: string[]): Uint8Array {
  const list = bytes(...protocols.map((p) => bytes(p.length, ascii(p))))
  return extension(0x0010, bytes(u16(list.length), list))
}

export function supportedVersionsExtension(...versions: number[]): Uint8Array {
  return extension(0x002b, bytes(versions.length * 2, ...versions.map(u16)))
}

export function u16ListExtension(type: number, values: number[]): Uint8Array {
  return extension(type, bytes(u16(values.length * 2), ...values.map(u16)))
}

export function pointFormatsExtension(...formats: number[]): Uint8Array {
  return extension(0x000b, bytes(formats.length, formats))
}

export interface ClientHelloSpec {
  version?: number
  sessionId?: Uint8Array
  ciphers: number[]
  compression?: number[]
  /** null: no extensions block at all (allowed before TLS 1.3). */
  extensions: Uint8Array[] | null
}

export function clientHelloBody(spec: ClientHelloSpec): Uint8Array {
  const random = new Uint8Array(32).map((_, i) => i)
  const sessionId = spec.sessionId ?? new Uint8Array(32).fill(0xab)
  const compression = spec.compression ?? [0]
  const head = bytes(
    u16(spec.version ?? 0x0303), random, sessionId.length, sessionId,
    u16(spec.ciphers.length * 2), ...spec.ciphers.map(u16), compression.length, compression,
  )
  if (spec.extensions === null) return head
  const exts = bytes(...spec.extensions)
  return bytes(head, u16(exts.length), exts)
}

/** A whole ClientHello in one handshake record. */
export function clientHelloRecord(spec: ClientHelloSpec): Uint8Array {
  return tlsRecord(22, handshake(1, clientHelloBody(spec)))
}

export function serverHelloBody(version: number, cipher: number, extensions: Uint8Array[] | null): Uint8Array {
  const head = bytes(u16(version), new Uint8Array(32).fill(7), 0, u16(cipher), 0)
  if (extensions === null) return head
  const exts = bytes(...extensions)
  return bytes(head, u16(exts.length), exts)
}

// ---- DNS (RFC 1035 section 4) ----

/** Uncompressed wire form of a dotted name ("" is the root). */
export function dnsName(name: string): number[] {
  const out: number[] = []
  for (const label of name.split('.')) if (label !== '') out.push(label.length, ...ascii(label))
  out.push(0)
  return out
}

export const pointer = (offset: number): number[] => [0xc0 | (offset >>> 8), offset & 0xff]

export function dnsHeader(id: number, flags: number, qd: number, an: number, ns = 0, ar = 0): number[] {
  return [...u16(id), ...u16(flags), ...u16(qd), ...u16(an), ...u16(ns), ...u16(ar)]
}

/** A resource record: NAME (already encoded), TYPE, CLASS IN, TTL, RDLENGTH, RDATA. */
export function dnsRecord(name: Part, type: number, ttl: number, rdata: Part): Uint8Array {
  const rd = bytes(rdata)
  return bytes(name, u16(type), u16(1), u32(ttl), u16(rd.length), rd)
}

// ---- Running decodeApp on a payload ----

export interface PacketSpec {
  proto: 6 | 17
  srcPort: number
  dstPort: number
  srcAddr?: number
  dstAddr?: number
  seq?: number
  time?: number
  /** Payload length on the wire when larger than the bytes given (a snaplen-cut segment). */
  wireLength?: number
}

/** Prepares row `row` of the batch as the transport decoders would before calling decodeApp. */
export function prepareRow(ctx: DecodeContext, batch: PacketBatch, payload: Uint8Array, spec: PacketSpec): number {
  const row = batch.count++
  batch.clearRow(row)
  // Put the payload behind a fake 40-byte header so offsets are not 0-based, as in a real frame.
  const frame = bytes(new Uint8Array(40), payload)
  ctx.reader.reset(frame, 0, frame.length)
  ctx.time = spec.time ?? 0
  batch.ipProto[row] = spec.proto
  batch.srcPort[row] = spec.srcPort
  batch.dstPort[row] = spec.dstPort
  batch.srcAddr[row] = spec.srcAddr ?? 1
  batch.dstAddr[row] = spec.dstAddr ?? 2
  batch.tcpSeq[row] = spec.seq ?? 0
  batch.payloadLen[row] = spec.wireLength ?? payload.length
  return row
}
