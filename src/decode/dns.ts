/**
 * DNS messages (RFC 1035 section 4, https://www.rfc-editor.org/rfc/rfc1035#section-4) read defensively as
 * RFC 9267 (https://www.rfc-editor.org/rfc/rfc9267) asks: compression pointers must point strictly backwards
 * and their hops are capped, loops are bounded by the bytes left rather than by the header counts, RDLENGTH is
 * checked against the message, and the decompressed output per message is capped (decompression bombs).
 * Also used for mDNS (RFC 6762) and LLMNR (RFC 4795), which share the wire format.
 */
import { ByteReader, Truncated } from '../lib/byte-reader.ts'
import { ByteTextCache } from '../lib/byte-text-cache.ts'
import { escapeAscii } from '../lib/escape.ts'
import { formatIPv4, formatIPv6 } from '../model/address-table.ts'
import type { AnomalyCounter } from '../model/anomalies.ts'
import type { DnsAnswer, DnsFact } from '../model/app-facts.ts'

export const DNS_HEADER_LEN = 12
/** Answers kept per message; the rest are not read. */
export const DNS_MAX_ANSWERS = 32
/** Compression pointers followed per name (each must also point before the previous target). */
export const DNS_MAX_HOPS = 127
/** Decompressed name octets produced per message before decoding stops (anti decompression bomb). */
export const DNS_OUTPUT_BUDGET = 4096
/** RFC 1035 section 2.3.4: a name is at most 255 octets on the wire. */
const MAX_NAME_OCTETS = 255
const MAX_TXT_CHARS = 512

const r = new ByteReader()
/** Per-message decoding state (module scope: one message is decoded at a time, no object per message). */
let anomalies: AnomalyCounter
let msgStart = 0
let msgEnd = 0
let budget = 0
let budgetHit = false
/** Set when something ran past the end of the message; counted once per message as dns.truncated. */
let truncated = false
/** Text of the last name read by readName. */
let nameText = ''

/**
 * Decodes the DNS message in buf[start, end). Never throws: problems become dns.* anomalies and the fact
 * holds what was read before them. Returns null when there is not even a header.
 */
export function decodeDns(buf: Uint8Array, start: number, end: number, counter: AnomalyCounter): DnsFact | null {
  anomalies = counter
  msgStart = start
  msgEnd = Math.min(end, buf.length)
  if (msgEnd - start < DNS_HEADER_LEN) {
    counter.add('dns.truncated')
    return null
  }
  r.reset(buf, start, msgEnd)
  budget = DNS_OUTPUT_BUDGET
  budgetHit = false
  truncated = false
  const id = r.u16(start)
  const flags = r.u16(start + 2)
  const counts = countsTuple(r.u16(start + 4), r.u16(start + 6), r.u16(start + 8), r.u16(start + 10))
  let qname: string | null = null
  let qtype = 0
  let qclass = 0
  let questions = 0
  // Most messages carry no answer (every query): they share one empty list.
  let answers: DnsAnswer[] = NO_ANSWERS
  try {
    let pos = start + DNS_HEADER_LEN
    // Each question takes at least 5 bytes, so `pos < msgEnd` bounds this loop whatever QDCOUNT claims.
    for (; questions < counts[0] && pos < msgEnd; questions++) {
      const next = questions === 0 ? readName(buf, pos) : skipName(buf, pos)
      if (next < 0 || next + 4 > msgEnd) {
        truncated = true
        break
      }
      if (questions === 0) {
        qname = nameText
        qtype = r.u16(next)
        qclass = r.u16(next + 2)
      }
      pos = next + 4
    }
    // A QDCOUNT larger than the questions present (RFC 9267 section 6) ends the message here.
    if (questions < counts[0]) truncated = true
    else {
      let i = 0
      for (; i < counts[1] && pos < msgEnd && answers.length < DNS_MAX_ANSWERS && !budgetHit; i++) {
        if (answers === NO_ANSWERS) answers = []
        const next = readAnswer(buf, pos, answers)
        if (next < 0) break
        pos = next
      }
      // ANCOUNT larger than the records present.
      if (pos >= msgEnd && i < counts[1]) truncated = true
    }
  } catch (e) {
    if (!(e instanceof Truncated)) throw e
    truncated = true
  }
  if (truncated) counter.add('dns.truncated')
  return {
    kind: 'dns',
    id,
    isResponse: (flags & 0x8000) !== 0,
    opcode: (flags >>> 11) & 0xf,
    rcode: flags & 0xf,
    qname,
    qtype,
    qclass,
    questions,
    answers,
    counts,
  }
}

const NO_ANSWERS = Object.freeze([]) as unknown as DnsAnswer[]

/**
 * The header counts as a tuple. Facts are kept for the life of their flow and nearly all messages have the same
 * few count combinations, so small ones share one frozen tuple each.
 */
const countTuples = new Map<number, readonly [number, number, number, number]>()
function countsTuple(qd: number, an: number, ns: number, ar: number): readonly [number, number, number, number] {
  if ((qd | an | ns | ar) > 0xff) return [qd, an, ns, ar]
  const key = qd | (an << 8) | (ns << 16) | (ar << 24)
  let t = countTuples.get(key)
  if (t === undefined) {
    t = Object.freeze([qd, an, ns, ar] as const)
    if (countTuples.size >= 4096) countTuples.clear()
    countTuples.set(key, t)
  }
  return t
}

/** Dotted-quad text of recently seen A records, by address (direct-mapped; answers repeat). */
const A_CACHE_BITS = 10
const aKeys = new Int32Array(1 << A_CACHE_BITS)
const aTexts: string[] = new Array<string>(1 << A_CACHE_BITS).fill('')

function ipv4Text(v: number): string {
  const e = Math.imul(v | 0, 0x9e3779b1) >>> (32 - A_CACHE_BITS)
  if (aKeys[e] === (v | 0) && aTexts[e] !== '') return aTexts[e]
  const text = formatIPv4(v)
  aKeys[e] = v | 0
  aTexts[e] = text
  return text
}

/**
 * RFC 5952 text of recently seen AAAA records, by address (direct-mapped like ipv4Text; formatting an IPv6
 * address builds a dozen short-lived strings and arrays, a cache hit none). Words are int32, as ByteReader.i32
 * reads them.
 */
const aaaaKeys = new Int32Array(4 << A_CACHE_BITS)
const aaaaTexts: string[] = new Array<string>(1 << A_CACHE_BITS).fill('')

function ipv6Text(a: number, b: number, c: number, d: number): string {
  const e = Math.imul(a ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35) ^ Math.imul(d, 0x27d4eb2f), 0x9e3779b1) >>> (32 - A_CACHE_BITS)
  const k = e << 2
  if (aaaaTexts[e] !== '' && aaaaKeys[k] === a && aaaaKeys[k + 1] === b && aaaaKeys[k + 2] === c && aaaaKeys[k + 3] === d) return aaaaTexts[e]
  const text = formatIPv6(a >>> 0, b >>> 0, c >>> 0, d >>> 0)
  aaaaKeys[k] = a
  aaaaKeys[k + 1] = b
  aaaaKeys[k + 2] = c
  aaaaKeys[k + 3] = d
  aaaaTexts[e] = text
  return text
}

/** Reads one resource record at pos into `out`; returns the offset after it, or -1 to stop reading. */
function readAnswer(buf: Uint8Array, pos: number, out: DnsAnswer[]): number {
  const next = readName(buf, pos)
  if (next < 0) return -1
  const name = nameText
  if (next + 10 > msgEnd) {
    truncated = true
    return -1
  }
  const type = r.u16(next)
  const ttl = r.u32(next + 4)
  const rdLength = r.u16(next + 8)
  const rdStart = next + 10
  const rdEnd = rdStart + rdLength
  if (rdEnd > msgEnd) {
    // RFC 9267 section 5: the RR cannot be delimited; skip it and everything after it.
    anomalies.add('dns.rr_overflow')
    return -1
  }
  out.push({ name, type, ttl, data: rdataText(buf, type, rdStart, rdEnd) })
  return rdEnd
}

/** The RDATA of the common types as text (dig-like); other types as "type N, L bytes". */
function rdataText(buf: Uint8Array, type: number, at: number, rdEnd: number): string {
  const len = rdEnd - at
  switch (type) {
    case 1: // A
      if (len === 4) return ipv4Text(r.u32(at))
      break
    case 28: // AAAA
      if (len === 16) return ipv6Text(r.i32(at), r.i32(at + 4), r.i32(at + 8), r.i32(at + 12))
      break
    case 2: // NS
    case 5: // CNAME
    case 12: // PTR
      if (len > 0 && readName(buf, at) === rdEnd) return nameText
      break
    case 15: // MX: PREFERENCE, EXCHANGE
      if (len > 2 && readName(buf, at + 2) === rdEnd) return `${r.u16(at)} ${nameText}`
      break
    case 16: {
      // TXT: one or more <character-string>s, each a length byte and that many bytes.
      const text = txtText(buf, at, rdEnd)
      if (text !== null) return text
      break
    }
    default:
      return `type ${type}, ${len} bytes`
  }
  anomalies.add('dns.rdata_invalid')
  return `type ${type}, ${len} bytes`
}

function txtText(buf: Uint8Array, at: number, rdEnd: number): string | null {
  let out = ''
  let pos = at
  while (pos < rdEnd) {
    const n = buf[pos]
    if (pos + 1 + n > rdEnd) return null
    if (out.length < MAX_TXT_CHARS) {
      out += (out ? ' "' : '"') + escapeAscii(buf, pos + 1, pos + 1 + n).replaceAll('"', '\\"') + '"'
    }
    pos += 1 + n
  }
  return out.length > MAX_TXT_CHARS ? out.slice(0, MAX_TXT_CHARS) + '…' : out
}

/** The labels of the name being read: where each label's bytes start in the message, and their length. */
const labelAt = new Int32Array(128) // a name of at most 255 octets has at most 127 labels
const labelLen = new Int32Array(128)
let labelCount = 0
/** The uncompressed name as length-prefixed labels: the key of the name cache. */
const nameKey = new Uint8Array(MAX_NAME_OCTETS + 1)
/** Escaped text of recently seen names, by their uncompressed bytes (names repeat: see lib/byte-text-cache). */
const names = new ByteTextCache(12, MAX_NAME_OCTETS)

/** The labels recorded by readName as escaped text joined by dots. */
function labelsText(buf: Uint8Array): string {
  let out = ''
  for (let i = 0; i < labelCount; i++) {
    out += (out === '' ? '' : '.') + escapeAscii(buf, labelAt[i], labelAt[i] + labelLen[i], true)
  }
  return out
}

/** labelsText for a whole name, through the name cache. */
function nameTextOf(buf: Uint8Array): string {
  // Module-level bindings read once into locals: inside the copy loop the optimising compiler would otherwise
  // reload and re-check each of them for every byte (the typed-array store may alias them, as far as it knows).
  const key = nameKey
  const starts = labelAt
  const lengths = labelLen
  const count = labelCount
  let k = 0
  for (let i = 0; i < count; i++) {
    const at = starts[i]
    const len = lengths[i]
    key[k++] = len
    for (let j = 0; j < len; j++) key[k++] = buf[at + j]
  }
  const hit = names.get(key, 0, k)
  if (hit !== null) return hit
  const text = labelsText(buf)
  names.store(nameKey, 0, k, text)
  return text
}

/**
 * Reads the (possibly compressed) name at `at` into nameText and returns the offset just after the name as
 * it sits in the message, or -1 when that end cannot be found (the rest of the message is unreadable).
 * Termination: in-place labels advance `pos`; every pointer must target strictly before the start of the
 * label run that contains it (so targets strictly decrease) and at most DNS_MAX_HOPS are followed.
 * The walk only records where the labels are; their text is made (or found in the cache) at the end.
 */
function readName(buf: Uint8Array, at: number): number {
  let pos = at
  let runStart = at
  let after = -1
  let hops = 0
  let octets = 1 // the root label's length byte
  let capped = false
  labelCount = 0
  while (pos < msgEnd) {
    const len = buf[pos]
    if (len === 0) {
      if (after < 0) after = pos + 1
      nameText = capped ? labelsText(buf) + '…' : labelCount === 0 ? '<Root>' : nameTextOf(buf)
      return after
    }
    const labelType = len & 0xc0
    if (labelType === 0xc0) {
      if (pos + 1 >= msgEnd) break
      if (after < 0) after = pos + 2
      if (capped) {
        nameText = labelsText(buf) + '…'
        return after
      }
      const target = msgStart + (((len & 0x3f) << 8) | buf[pos + 1])
      if (target >= runStart || ++hops > DNS_MAX_HOPS) {
        anomalies.add('dns.bad_pointer')
        nameText = '<bad ptr>'
        return after
      }
      pos = runStart = target
      continue
    }
    if (labelType !== 0) {
      // 0x40 (extended label, RFC 6891 deprecated it) and 0x80 (reserved): lengths 64..191 are not labels.
      anomalies.add('dns.label_too_long')
      nameText = '<bad label>'
      return after
    }
    if (pos + 1 + len > msgEnd) break
    octets += len + 1
    if (!capped) {
      if (octets > MAX_NAME_OCTETS) {
        anomalies.add('dns.name_too_long')
        capped = true
      } else if (budget < len + 1) {
        if (!budgetHit) anomalies.add('dns.decompression_limit')
        budgetHit = true
        capped = true
      } else {
        budget -= len + 1
        labelAt[labelCount] = pos + 1
        labelLen[labelCount] = len
        labelCount++
      }
    }
    // A capped name is still walked in place (never through pointers) to find where it ends.
    if (capped && after >= 0) {
      nameText = labelsText(buf) + '…'
      return after
    }
    pos += 1 + len
  }
  truncated = true
  nameText = '<truncated>'
  return after
}

/** Returns the offset after the name at `pos` without decompressing it, or -1 when it runs off the message. */
function skipName(buf: Uint8Array, pos: number): number {
  while (pos < msgEnd) {
    const len = buf[pos]
    if (len === 0) return pos + 1
    if ((len & 0xc0) === 0xc0) {
      if (pos + 2 <= msgEnd) return pos + 2
      break
    }
    if ((len & 0xc0) !== 0) {
      anomalies.add('dns.label_too_long')
      return -1
    }
    pos += 1 + len
  }
  truncated = true
  return -1
}

/**
 * DNS over TCP (RFC 1035 section 4.2.2, RFC 7766): a 2-byte length precedes the message. The first message
 * of the segment is decoded within the bytes present.
 */
export function decodeDnsOverTcp(buf: Uint8Array, start: number, end: number, counter: AnomalyCounter): DnsFact | null {
  if (end - start < 2 + DNS_HEADER_LEN) {
    counter.add('dns.truncated')
    return null
  }
  const length = (buf[start] << 8) | buf[start + 1]
  if (length < DNS_HEADER_LEN || length > end - start - 2) counter.add('dns.tcp_length_mismatch')
  return decodeDns(buf, start + 2, Math.min(end, start + 2 + length), counter)
}
