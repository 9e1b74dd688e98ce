/**
 * HTTP/1.1 messages (RFC 9112 section 3, https://www.rfc-editor.org/rfc/rfc9112#section-3): a request line with
 * Host and User-Agent fields, and a status line with Content-Length. Encoded once per template (latin-1); the
 * generator pads bodies with filler bytes rather than building strings per packet.
 */

const latin1 = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff)

function checkToken(s: string, what: string): void {
  if (/[\r\n\0]/.test(s)) throw new RangeError(`${what} must not contain CR, LF or NUL`)
}

/** "METHOD target HTTP/1.1" + Host + User-Agent + extra fields + empty line. */
export function encodeHttpRequest(method: string, target: string, host: string, userAgent = 'nettwin/1.0', extra: readonly (readonly [string, string])[] = []): Uint8Array {
  checkToken(method + target + host + userAgent, 'request fields')
  let text = `${method} ${target} HTTP/1.1\r\nHost: ${host}\r\nUser-Agent: ${userAgent}\r\nAccept: */*\r\n`
  for (const [k, v] of extra) {
    checkToken(k + v, 'header field')
    text += `${k}: ${v}\r\n`
  }
  return latin1(`${text}\r\n`)
}

/** "HTTP/1.1 status reason" + Content-Type + Content-Length + empty line (the body follows separately). */
export function encodeHttpResponse(status: number, reason: string, contentLength: number, contentType = 'application/octet-stream'): Uint8Array {
  checkToken(reason + contentType, 'response fields')
  return latin1(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${contentType}\r\nContent-Length: ${contentLength}\r\n\r\n`)
}
