/**
 * Application payloads for the synthetic built-in sample: DNS messages (RFC 1035 section 4), TLS 1.3
 * ClientHello / ServerHello records (RFC 8446 section 4.1) and HTTP/1.1 messages (RFC 9112).
 */
import { ascii, concat, u16, u32, type Bytes } from './sample-packets.ts'

const u24 = (v: number): number[] => [(v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]

function dnsName(name: string): Bytes {
  return concat(...name.split('.').map((label) => concat([label.length], ascii(label))), [0])
}

export interface DnsAnswer {
  readonly type: 1 | 28
  readonly address: readonly number[]
}

/** A query (answers omitted) or a response for one question; answers point back at the question name (0xc00c). */
export function dnsMessage(id: number, name: string, qtype: 1 | 28, answers: readonly DnsAnswer[] | null): Bytes {
  const flags = answers === null ? 0x0100 : 0x8180 // RD; or QR RD RA, NOERROR
  const header = concat(u16(id), u16(flags), u16(1), u16(answers?.length ?? 0), u16(0), u16(0))
  const question = concat(dnsName(name), u16(qtype), u16(1))
  const rrs = (answers ?? []).map((a) => concat([0xc0, 0x0c], u16(a.type), u16(1), u32(300), u16(a.address.length), a.address))
  return concat(header, question, ...rrs)
}

function extension(type: number, data: Bytes | readonly number[]): Bytes {
  return concat(u16(type), u16(data.length), data)
}

function handshakeRecord(msgType: number, body: Bytes): Bytes {
  const message = concat([msgType], u24(body.length), body)
  return concat([22], u16(0x0301), u16(message.length), message)
}

/** A TLS 1.3 ClientHello in one record, as browsers send it: SNI, ALPN, groups, key share. */
export function tlsClientHello(serverName: string, random: Bytes, keyShare: Bytes): Bytes {
  const sniEntry = concat([0], u16(serverName.length), ascii(serverName))
  const alpn = concat([2], ascii('h2'), [8], ascii('http/1.1'))
  const ciphers = [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030].flatMap(u16)
  const extensions = concat(
    extension(0x0000, concat(u16(sniEntry.length), sniEntry)), // server_name
    extension(0x000a, concat(u16(6), u16(0x001d), u16(0x0017), u16(0x0018))), // supported_groups
    extension(0x000b, [1, 0]), // ec_point_formats
    extension(0x000d, concat(u16(8), u16(0x0403), u16(0x0804), u16(0x0401), u16(0x0503))), // signature_algorithms
    extension(0x0010, concat(u16(alpn.length), alpn)), // application_layer_protocol_negotiation
    extension(0x002b, concat([4], u16(0x0304), u16(0x0303))), // supported_versions
    extension(0x002d, [1, 1]), // psk_key_exchange_modes
    extension(0x0033, concat(u16(36), u16(0x001d), u16(32), keyShare)), // key_share
  )
  const body = concat(u16(0x0303), random, [32], random.slice().reverse(), u16(ciphers.length), ciphers, [1, 0], u16(extensions.length), extensions)
  return handshakeRecord(1, body)
}

/** ServerHello + ChangeCipherSpec; what follows is encrypted application data. */
export function tlsServerHello(random: Bytes, sessionId: Bytes, keyShare: Bytes): Bytes {
  const extensions = concat(extension(0x002b, u16(0x0304)), extension(0x0033, concat(u16(0x001d), u16(32), keyShare)))
  const body = concat(u16(0x0303), random, [sessionId.length], sessionId, u16(0x1301), [0], u16(extensions.length), extensions)
  return concat(handshakeRecord(2, body), [20, 3, 3, 0, 1, 1])
}

/** Opaque TLS application_data records carrying `length` bytes in total (at most 16 KiB each). */
export function tlsApplicationData(length: number, fill: (n: number) => Bytes): Bytes {
  const records: Bytes[] = []
  for (let left = length; left > 0; ) {
    const n = Math.min(left, 16384)
    records.push(concat([23], u16(0x0303), u16(n), fill(n)))
    left -= n
  }
  return concat(...records)
}

export function httpRequest(host: string, path: string, userAgent: string): Bytes {
  return ascii(`GET ${path} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: ${userAgent}\r\nAccept: text/html,*/*\r\nConnection: close\r\n\r\n`)
}

export function httpResponse(body: string): Bytes {
  const b = ascii(body)
  return concat(ascii(`HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${b.length}\r\nConnection: close\r\n\r\n`), b)
}
