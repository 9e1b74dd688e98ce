/**
 * DNS messages (RFC 1035 section 4, https://www.rfc-editor.org/rfc/rfc1035#section-4; AAAA RFC 3596) written into
 * a FrameCrafter as UDP payload: a query with one question, and a response that repeats the question and adds
 * A, AAAA, CNAME or TXT answers. Answer owner names point back at the question name (compression, section
 * 4.1.4) unless an answer follows a CNAME, whose target then owns it. Names are encoded once (encodeDnsName).
 */
import type { FrameCrafter } from './frame-crafter.ts'

export const DNS_TYPE_A = 1
export const DNS_TYPE_CNAME = 5
export const DNS_TYPE_TXT = 16
export const DNS_TYPE_AAAA = 28
export const DNS_CLASS_IN = 1
/** A pointer to offset 12: the question name of a message with one question. */
const QUESTION_POINTER = 0xc00c

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff)

/**
 * Encodes a dotted name as DNS labels ending with the root label. Throws RangeError for an empty label, a
 * label over 63 octets or a name over 255 octets (RFC 1035 section 2.3.4). "." or "" is the root.
 */
export function encodeDnsName(name: string): Uint8Array {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name
  if (trimmed === '') return Uint8Array.of(0)
  const labels = trimmed.split('.')
  let total = 1
  for (const l of labels) {
    if (l.length === 0 || l.length > 63) throw new RangeError(`bad DNS label in ${JSON.stringify(name)}`)
    total += 1 + l.length
  }
  if (total > 255) throw new RangeError(`DNS name over 255 octets: ${name.slice(0, 40)}...`)
  const out = new Uint8Array(total)
  let at = 0
  for (const l of labels) {
    out[at++] = l.length
    out.set(latin1(l), at)
    at += l.length
  }
  out[at] = 0
  return out
}

/** One answer record. `data` is 4 bytes (A), 16 bytes (AAAA), an encoded name (CNAME) or raw text (TXT). */
export interface DnsAnswer {
  readonly type: number
  readonly ttl: number
  readonly data: Uint8Array
}

/** Header (section 4.1.1): ID, flags, QDCOUNT 1, ANCOUNT, NSCOUNT 0, ARCOUNT 0. */
function header(c: FrameCrafter, id: number, flags: number, answers: number): void {
  c.u16(id).u16(flags).u16(1).u16(answers).u16(0).u16(0)
}

/** A standard query with recursion desired (flags 0x0100). */
export function writeDnsQuery(c: FrameCrafter, id: number, name: Uint8Array, qtype: number): void {
  header(c, id, 0x0100, 0)
  c.bytes(name).u16(qtype).u16(DNS_CLASS_IN)
}

/**
 * A response (QR, RD, RA set; RCODE `rcode`, 0 = NOERROR, 3 = NXDOMAIN) that repeats the question. The owner of
 * each answer is the question name, or the target of the preceding CNAME (written in full, so no pointer has
 * to be tracked).
 */
export function writeDnsResponse(c: FrameCrafter, id: number, name: Uint8Array, qtype: number, answers: readonly DnsAnswer[], rcode = 0): void {
  header(c, id, 0x8180 | (rcode & 0xf), answers.length)
  c.bytes(name).u16(qtype).u16(DNS_CLASS_IN)
  let owner: Uint8Array | null = null // null: the question name, by pointer
  for (const a of answers) {
    if (owner === null) c.u16(QUESTION_POINTER)
    else c.bytes(owner)
    c.u16(a.type).u16(DNS_CLASS_IN).u32(a.ttl)
    if (a.type === DNS_TYPE_TXT) {
      // TXT RDATA is one or more <character-string>s of at most 255 octets each.
      const strings = Math.max(1, Math.ceil(a.data.length / 255))
      c.u16(a.data.length + strings)
      for (let i = 0; i < strings; i++) {
        const part = a.data.subarray(i * 255, Math.min(a.data.length, (i + 1) * 255))
        c.u8(part.length).bytes(part)
      }
    } else {
      c.u16(a.data.length).bytes(a.data)
    }
    if (a.type === DNS_TYPE_CNAME) owner = a.data
  }
}

/** TXT data from text (latin-1 bytes). */
export function txtData(text: string): Uint8Array {
  return latin1(text)
}
