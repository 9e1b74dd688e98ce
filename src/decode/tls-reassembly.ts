/**
 * TLS over TCP: the record layer (RFC 8446 section 5.1, https://www.rfc-editor.org/rfc/rfc8446#section-5.1;
 * RFC 5246 section 6.2.1) and the reassembly of a ClientHello that spans several records or TCP segments.
 *
 * Only flows whose payload starts a ClientHello that is not complete get an entry here, so the per-packet cost
 * for every other TCP packet is one Map.size test. A pending hello is rebuilt in sequence-number order up to
 * TLS_HELLO_CAP bytes; pending flows are capped (the oldest is evicted) and time out after
 * TLS_PENDING_TIMEOUT seconds of capture time. A hello that never completes is counted as
 * tls.hello_fragmented; when it completes, its fact is emitted on the packet that completed it.
 */
import type { AnomalyCounter } from '../model/anomalies.ts'
import type { TlsHelloFact, TlsServerHelloFact } from '../model/app-facts.ts'
import { helloScratch, parseClientHelloInto } from './tls-client-hello.ts'
import { helloProfile } from './tls-hello-profile.ts'
import { parseServerHello } from './tls-server-hello.ts'

/** Largest ClientHello (handshake header included) we reassemble; real ones are a few KiB. */
export const TLS_HELLO_CAP = 65536
export const TLS_MAX_PENDING = 256
/** Seconds of capture time a pending hello waits for its next segment. */
export const TLS_PENDING_TIMEOUT = 30
/** RFC 8446 section 5.2: TLSCiphertext.length is at most 2^14 + 256; RFC 5246 allows 2^14 + 2048. */
export const TLS_MAX_RECORD_LENGTH = 16384 + 2048
const MAX_RECORDS = 256
const MAX_EARLY_SEGMENTS = 16

const CONTENT_CHANGE_CIPHER_SPEC = 20
const CONTENT_HANDSHAKE = 22
const HS_CLIENT_HELLO = 1
const HS_SERVER_HELLO = 2

const COMPLETE = 0
const INCOMPLETE = 1
const MALFORMED = 2

// Output of gatherHandshake (module scope: no object per call).
let hsBuf: Uint8Array = new Uint8Array(0)
let hsStart = 0
let hsEnd = 0
let gatherCode = ''
const fragStart = new Int32Array(MAX_RECORDS)
const fragEnd = new Int32Array(MAX_RECORDS)

/**
 * Walks the handshake records in buf[start, end) until the first handshake message is whole. On COMPLETE the
 * message (4-byte header included) is hsBuf[hsStart, hsEnd): a view when it sits in one record, else a copy.
 * On MALFORMED, gatherCode names the anomaly.
 */
function gatherHandshake(buf: Uint8Array, start: number, end: number): number {
  let pos = start
  let count = 0
  let have = 0
  let need = -1
  while (pos + 5 <= end) {
    if (buf[pos] !== CONTENT_HANDSHAKE) return malformed(count > 0 ? 'tls.handshake_len_invalid' : 'tls.record_interleaved')
    if (buf[pos + 1] !== 3) return malformed('tls.record_version_invalid')
    const length = (buf[pos + 3] << 8) | buf[pos + 4]
    if (length > TLS_MAX_RECORD_LENGTH) return malformed('tls.record_too_long')
    // RFC 8446 section 5.1: zero-length handshake fragments must not be sent.
    if (length === 0) return malformed('tls.record_empty')
    if (count === MAX_RECORDS) return malformed('tls.too_many_records')
    const s = pos + 5
    const e = Math.min(s + length, end)
    fragStart[count] = s
    fragEnd[count] = e
    count++
    have += e - s
    if (need < 0 && have >= 4) {
      need = 4 + ((handshakeByte(buf, count, 1) << 16) | (handshakeByte(buf, count, 2) << 8) | handshakeByte(buf, count, 3))
      if (need > TLS_HELLO_CAP) return malformed('tls.hello_too_long')
    }
    if (need >= 0 && have >= need) {
      assemble(buf, count, need)
      return COMPLETE
    }
    if (e < s + length) return INCOMPLETE
    pos = s + length
  }
  return INCOMPLETE
}

function malformed(code: string): number {
  gatherCode = code
  return MALFORMED
}

/** The k-th byte of the handshake stream formed by the first `count` fragments (k < bytes gathered). */
function handshakeByte(buf: Uint8Array, count: number, k: number): number {
  for (let i = 0; i < count; i++) {
    const n = fragEnd[i] - fragStart[i]
    if (k < n) return buf[fragStart[i] + k]
    k -= n
  }
  return 0
}

function assemble(buf: Uint8Array, count: number, need: number): void {
  if (fragEnd[0] - fragStart[0] >= need) {
    hsBuf = buf
    hsStart = fragStart[0]
    hsEnd = hsStart + need
    return
  }
  const out = new Uint8Array(need)
  let filled = 0
  for (let i = 0; i < count && filled < need; i++) {
    const n = Math.min(fragEnd[i] - fragStart[i], need - filled)
    out.set(buf.subarray(fragStart[i], fragStart[i] + n), filled)
    filled += n
  }
  hsBuf = out
  hsStart = 0
  hsEnd = need
}

/** Builds the fact of the ClientHello message in buf[start, end) (handshake header included). */
export function clientHelloFact(buf: Uint8Array, start: number, end: number, anomalies: AnomalyCounter, protocol: 't' | 'q' = 't'): TlsHelloFact {
  if (!parseClientHelloInto(buf, start + 4, end, anomalies)) return failedHelloFact('malformed')
  const hello = helloScratch
  // Fingerprints and lists are shared with earlier hellos from the same TLS stack (tls-hello-profile.ts).
  const p = helloProfile(hello, protocol)
  const sni = hello.sni
  hello.release()
  return {
    kind: 'tls-client-hello',
    legacyVersion: hello.legacyVersion,
    versions: p.versions,
    sni,
    alpn: p.alpn,
    cipherSuites: p.cipherSuites,
    extensions: p.extensions,
    ja3: p.ja3,
    ja3Hash: p.ja3Hash,
    ja4: p.ja4,
    reason: null,
  }
}

/** A hello that could not be read whole: no name is reported rather than a half-read one. */
export function failedHelloFact(reason: 'fragmented' | 'malformed'): TlsHelloFact {
  return {
    kind: 'tls-client-hello', legacyVersion: 0, versions: [], sni: null, alpn: [], cipherSuites: [], extensions: [],
    ja3: '', ja3Hash: '', ja4: '', reason,
  }
}

/** The bytes of one flow's ClientHello received so far, in sequence order from the first record byte. */
class PendingHello {
  data: Uint8Array
  filled = 0
  /** Segments that arrived ahead of a hole (copied, at most MAX_EARLY_SEGMENTS). */
  private readonly early: { offset: number; bytes: Uint8Array }[] = []

  constructor(
    readonly srcAddr: number,
    readonly dstAddr: number,
    readonly srcPort: number,
    readonly dstPort: number,
    readonly baseSeq: number,
    public time: number,
    first: Uint8Array,
  ) {
    this.data = new Uint8Array(Math.min(Math.max(first.length * 2, 512), TLS_HELLO_CAP))
    this.append(first, 0, first.length)
  }

  matches(srcAddr: number, dstAddr: number, srcPort: number, dstPort: number): boolean {
    return this.srcAddr === srcAddr && this.dstAddr === dstAddr && this.srcPort === srcPort && this.dstPort === dstPort
  }

  /** Offset of `seq` from the first byte (mod 2^32); >= TLS_HELLO_CAP means the segment is not ours. */
  offsetOf(seq: number): number {
    return (seq - this.baseSeq) >>> 0
  }

  /** Adds a segment; returns true when the contiguous prefix grew. */
  add(buf: Uint8Array, start: number, end: number, offset: number): boolean {
    if (offset > this.filled) {
      if (this.early.length < MAX_EARLY_SEGMENTS) {
        this.early.push({ offset, bytes: buf.slice(start, Math.min(end, start + TLS_HELLO_CAP - offset)) })
      }
      return false
    }
    let grew = this.append(buf, start + (this.filled - offset), end)
    // Segments that arrived early may now be contiguous; each pass removes one, so this ends.
    for (let i = 0; i < this.early.length; ) {
      const seg = this.early[i]
      if (seg.offset <= this.filled) {
        this.early.splice(i, 1)
        if (this.append(seg.bytes, this.filled - seg.offset, seg.bytes.length)) grew = true
        i = 0
      } else i++
    }
    return grew
  }

  private append(src: Uint8Array, from: number, to: number): boolean {
    const n = Math.min(to - from, TLS_HELLO_CAP - this.filled)
    if (n <= 0) return false
    if (this.filled + n > this.data.length) {
      const grown = new Uint8Array(Math.min(Math.max(this.data.length * 2, this.filled + n), TLS_HELLO_CAP))
      grown.set(this.data.subarray(0, this.filled))
      this.data = grown
    }
    this.data.set(src.subarray(from, from + n), this.filled)
    this.filled += n
    return true
  }
}

/**
 * True when buf[start, end) starts with a TLS record header (RFC 8446 section 5.1): content type 20-24,
 * version 3.x (x <= 4), and a length TLS allows.
 */
export function startsTlsRecord(buf: Uint8Array, start: number, end: number): boolean {
  if (end - start < 5) return false
  const type = buf[start]
  if (type < 20 || type > 24 || buf[start + 1] !== 3 || buf[start + 2] > 4) return false
  // A "record" longer than TLS allows at the start of a segment is far more often the middle of a record
  // that began in an earlier segment than a real record: not recognised, and not counted as an anomaly
  // (an oversized record inside a ClientHello being reassembled is: tls.record_too_long).
  const length = (buf[start + 3] << 8) | buf[start + 4]
  return length <= TLS_MAX_RECORD_LENGTH && (type !== CONTENT_CHANGE_CIPHER_SPEC || length === 1)
}

function flowKey(srcAddr: number, dstAddr: number, srcPort: number, dstPort: number): number {
  const h = Math.imul(srcAddr ^ Math.imul(dstAddr, 0x9e3779b1), 0x85ebca6b) >>> 0
  return h * 0x200000 + ((Math.imul(srcPort, 0x10001) ^ dstPort) & 0x1fffff)
}

/** Per-analysis TLS state: the pending ClientHellos (lives in DecodeContext). */
export class TlsReassembly {
  private readonly flows = new Map<number, PendingHello>()
  /** The fact produced by the last feed() call, or null. */
  fact: TlsHelloFact | TlsServerHelloFact | null = null

  /** Flows waiting for the rest of a ClientHello. */
  get pending(): number {
    return this.flows.size
  }

  /**
   * Feeds the TCP payload buf[start, end) of one packet. `wireLength` is the payload length on the wire (0 when
   * unknown); a longer wire length means the capture cut the segment (snaplen) and the hole can never fill.
   * Returns true when the payload is TLS; this.fact then holds the hello fact it completed, if any.
   */
  feed(
    buf: Uint8Array, start: number, end: number, wireLength: number,
    srcAddr: number, dstAddr: number, srcPort: number, dstPort: number, seq: number, time: number,
    anomalies: AnomalyCounter,
  ): boolean {
    this.fact = null
    const snapped = wireLength > end - start
    if (this.flows.size !== 0) {
      const key = flowKey(srcAddr, dstAddr, srcPort, dstPort)
      const flow = this.flows.get(key)
      if (flow !== undefined && flow.matches(srcAddr, dstAddr, srcPort, dstPort)) {
        const offset = flow.offsetOf(seq)
        if (time - flow.time <= TLS_PENDING_TIMEOUT && offset < TLS_HELLO_CAP) {
          return this.continueHello(key, flow, buf, start, end, offset, snapped, time, anomalies)
        }
        // Stale, or a segment from elsewhere in the sequence space (a new connection on the same ports).
        this.flows.delete(key)
        anomalies.add('tls.hello_fragmented')
      }
    }
    if (!startsTlsRecord(buf, start, end)) return false
    const type = buf[start]
    // The handshake type, and the hello's legacy_version major byte (3) when present, guard against an
    // encrypted TLS 1.2 Finished record whose first byte happens to be 1 or 2.
    if (type !== CONTENT_HANDSHAKE || (end - start >= 10 && buf[start + 9] !== 3)) return true
    // A segment holding only the record header is kept like a ClientHello start: its type is not known yet.
    const hsType = end - start >= 6 ? buf[start + 5] : HS_CLIENT_HELLO
    if (hsType === HS_SERVER_HELLO) {
      if (gatherHandshake(buf, start, end) === COMPLETE) this.fact = parseServerHello(hsBuf, hsStart + 4, hsEnd, anomalies)
      return true
    }
    if (hsType !== HS_CLIENT_HELLO) return true
    const outcome = gatherHandshake(buf, start, end)
    if (outcome === INCOMPLETE && !snapped) {
      this.addFlow(new PendingHello(srcAddr, dstAddr, srcPort, dstPort, seq >>> 0, time, buf.subarray(start, end)), time, anomalies)
    } else this.finishHello(outcome, anomalies)
    return true
  }

  /** Sets this.fact for a hello that completed (COMPLETE), cannot be read (MALFORMED) or never will be. */
  private finishHello(outcome: number, anomalies: AnomalyCounter): void {
    if (outcome === COMPLETE) {
      const msgType = hsBuf[hsStart]
      if (msgType === HS_CLIENT_HELLO) this.fact = clientHelloFact(hsBuf, hsStart, hsEnd, anomalies)
      else if (msgType === HS_SERVER_HELLO) this.fact = parseServerHello(hsBuf, hsStart + 4, hsEnd, anomalies)
    } else if (outcome === MALFORMED) {
      anomalies.add(gatherCode)
      this.fact = failedHelloFact('malformed')
    } else {
      anomalies.add('tls.hello_fragmented')
      this.fact = failedHelloFact('fragmented')
    }
  }

  private continueHello(
    key: number, flow: PendingHello, buf: Uint8Array, start: number, end: number, offset: number,
    snapped: boolean, time: number, anomalies: AnomalyCounter,
  ): boolean {
    flow.time = time
    if (!flow.add(buf, start, end, offset) && !snapped) return true
    const outcome = gatherHandshake(flow.data, 0, flow.filled)
    if (outcome === INCOMPLETE && !snapped) return true
    this.flows.delete(key)
    this.finishHello(outcome, anomalies)
    return true
  }

  private addFlow(flow: PendingHello, time: number, anomalies: AnomalyCounter): void {
    // Map iteration follows insertion order, which is roughly capture order: expire from the oldest.
    for (const [k, f] of this.flows) {
      if (time - f.time <= TLS_PENDING_TIMEOUT) break
      this.flows.delete(k)
      anomalies.add('tls.hello_fragmented')
    }
    const key = flowKey(flow.srcAddr, flow.dstAddr, flow.srcPort, flow.dstPort)
    if (this.flows.delete(key)) anomalies.add('tls.hello_fragmented')
    if (this.flows.size >= TLS_MAX_PENDING) {
      const oldest = this.flows.keys().next()
      if (!oldest.done) this.flows.delete(oldest.value)
      anomalies.add('tls.hello_fragmented')
    }
    this.flows.set(key, flow)
  }

  /** Counts the hellos still pending (the capture ended before they completed) and forgets them. */
  finish(anomalies: AnomalyCounter): void {
    if (this.flows.size > 0) anomalies.add('tls.hello_fragmented', this.flows.size)
    this.flows.clear()
  }
}
