/**
 * HTTP/1.x requests (RFC 9112, https://www.rfc-editor.org/rfc/rfc9112): the request-line
 * (method SP request-target SP HTTP-version) and the Host and User-Agent header fields found in the first
 * segment. A request split across segments is read as far as this segment goes and counted as
 * http.request_fragmented; lines are capped (http.line_too_long) and every string is escaped for display.
 * RFC 9112 section 2.2 lets a recipient accept a bare LF as a line terminator, so we do.
 */
import { escapeAscii, escapeBytes } from '../lib/escape.ts'
import type { AnomalyCounter } from '../model/anomalies.ts'
import type { HttpRequestFact } from '../model/app-facts.ts'

export const HTTP_URI_CAP = 2048
export const HTTP_LINE_CAP = 8192
const HOST_CAP = 255
const USER_AGENT_CAP = 512
const MAX_HEADER_LINES = 128
const MAX_METHOD_LENGTH = 9

const LF = 0x0a
const CR = 0x0d
const SP = 0x20
const HTAB = 0x09

/** Methods of RFC 9110 section 9, PATCH (RFC 5789) and the WebDAV ones (RFC 4918). */
const METHODS = [
  'GET', 'POST', 'HEAD', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PATCH',
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK',
].map((m) => Uint8Array.from(m, (c) => c.charCodeAt(0)))

const HOST = Uint8Array.from('host', (c) => c.charCodeAt(0))
const USER_AGENT = Uint8Array.from('user-agent', (c) => c.charCodeAt(0))
const HTTP_SLASH = Uint8Array.from('HTTP/', (c) => c.charCodeAt(0))

// Output of readHeaderFields (module scope: one request is decoded at a time).
let host: string | null = null
let userAgent: string | null = null

/**
 * Length of the method at buf[start] when the payload starts with a known method followed by a space, else 0.
 * Cheap: at most MAX_METHOD_LENGTH + 1 byte comparisons before the table lookup.
 */
export function httpMethodLength(buf: Uint8Array, start: number, end: number): number {
  let n = 0
  while (n <= MAX_METHOD_LENGTH && start + n < end) {
    const b = buf[start + n]
    if (b === SP) break
    if (b < 0x41 || b > 0x5a) return 0
    n++
  }
  if (n === 0 || n > MAX_METHOD_LENGTH || start + n >= end) return 0
  for (const m of METHODS) if (m.length === n && bytesEqual(buf, start, m, false)) return n
  return 0
}

/** True when the payload starts with an HTTP/1.x status-line ("HTTP/1."). */
export function isHttpResponse(buf: Uint8Array, start: number, end: number): boolean {
  return end - start >= 7 && bytesEqual(buf, start, HTTP_SLASH, false) && buf[start + 5] === 0x31 && buf[start + 6] === 0x2e
}

function bytesEqual(buf: Uint8Array, at: number, word: Uint8Array, ignoreCase: boolean): boolean {
  for (let i = 0; i < word.length; i++) {
    const b = buf[at + i]
    if (b !== word[i] && !(ignoreCase && b >= 0x41 && b <= 0x5a && (b | 0x20) === word[i])) return false
  }
  return true
}

/** Index of the first LF in buf[from, min(end, from + limit)), or -1. */
function findLf(buf: Uint8Array, from: number, end: number, limit: number): number {
  const stop = Math.min(end, from + limit)
  for (let i = from; i < stop; i++) if (buf[i] === LF) return i
  return -1
}

/**
 * Decodes the request in buf[start, end), whose method (methodLength bytes and a space) httpMethodLength
 * found. Returns null when a complete request-line does not end in an HTTP version (RTSP, SIP, ...).
 */
export function decodeHttpRequest(
  buf: Uint8Array, start: number, end: number, methodLength: number, anomalies: AnomalyCounter,
): HttpRequestFact | null {
  end = Math.min(end, buf.length)
  let fragmented = false
  let lf = findLf(buf, start, end, HTTP_LINE_CAP + 1)
  let lineEnd: number
  if (lf < 0) {
    if (end - start > HTTP_LINE_CAP) anomalies.add('http.line_too_long')
    else fragmented = true
    lineEnd = Math.min(end, start + HTTP_LINE_CAP)
  } else lineEnd = lf > start && buf[lf - 1] === CR ? lf - 1 : lf

  const targetStart = start + methodLength + 1
  let targetEnd = targetStart
  while (targetEnd < lineEnd && buf[targetEnd] !== SP) targetEnd++
  let version = ''
  if (lf >= 0) {
    const versionStart = targetEnd + 1
    if (versionStart + HTTP_SLASH.length > lineEnd || !bytesEqual(buf, versionStart, HTTP_SLASH, false)) return null
    version = escapeAscii(buf, versionStart, Math.min(lineEnd, versionStart + 16))
  }
  const method = escapeAscii(buf, start, start + methodLength)
  const uri = escapeBytes(buf.subarray(targetStart, targetEnd), HTTP_URI_CAP)

  host = null
  userAgent = null
  if (lf >= 0 && !readHeaderFields(buf, lf + 1, end, anomalies)) fragmented = true
  if (fragmented) anomalies.add('http.request_fragmented')
  return { kind: 'http-request', method, uri, version, host, userAgent }
}

/**
 * Reads header field lines from pos until the empty line, setting host and userAgent (first occurrence).
 * Returns false when the segment ends before the empty line (the request continues in a later segment);
 * a walk ended by a cap is not fragmentation.
 */
function readHeaderFields(buf: Uint8Array, pos: number, end: number, anomalies: AnomalyCounter): boolean {
  for (let line = 0; line < MAX_HEADER_LINES; line++) {
    const lf = findLf(buf, pos, end, HTTP_LINE_CAP + 1)
    if (lf < 0) {
      if (end - pos <= HTTP_LINE_CAP) return false
      anomalies.add('http.line_too_long')
      return true
    }
    const e = lf > pos && buf[lf - 1] === CR ? lf - 1 : lf
    if (e === pos) return true
    let colon = pos
    while (colon < e && buf[colon] !== 0x3a) colon++
    if (colon > pos && colon < e) {
      const nameLength = colon - pos
      if (host === null && nameLength === HOST.length && bytesEqual(buf, pos, HOST, true)) {
        host = fieldValue(buf, colon + 1, e, HOST_CAP)
      } else if (userAgent === null && nameLength === USER_AGENT.length && bytesEqual(buf, pos, USER_AGENT, true)) {
        userAgent = fieldValue(buf, colon + 1, e, USER_AGENT_CAP)
      }
    }
    pos = lf + 1
  }
  return true
}

/** A field value without its surrounding optional whitespace (RFC 9110 section 5.5), escaped and capped. */
function fieldValue(buf: Uint8Array, s: number, e: number, cap: number): string {
  while (s < e && (buf[s] === SP || buf[s] === HTAB)) s++
  while (e > s && (buf[e - 1] === SP || buf[e - 1] === HTAB)) e--
  return escapeBytes(buf.subarray(s, e), cap)
}
