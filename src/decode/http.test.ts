import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { AnomalyCounter } from '../model/anomalies.ts'
import { ascii, bytes } from './app-test-fixtures.ts'
import { HTTP_LINE_CAP, HTTP_URI_CAP, decodeHttpRequest, httpMethodLength, isHttpResponse } from './http.ts'

function decode(text: string | Uint8Array) {
  const payload = typeof text === 'string' ? bytes(ascii(text)) : text
  const buf = bytes(0x47, payload, ascii('\r\nX: y\r\n\r\n')) // bytes before and after the payload must not be read
  const anomalies = new AnomalyCounter()
  const end = 1 + payload.length
  const m = httpMethodLength(buf, 1, end)
  return { m, fact: m > 0 ? decodeHttpRequest(buf, 1, end, m, anomalies) : null, anomalies }
}

describe('HTTP request decoding', () => {
  it('reads the request-line, Host and User-Agent', () => {
    const { fact, anomalies } = decode('GET /index.html?q=1 HTTP/1.1\r\nhost:  www.example.com \r\nUser-Agent: curl/8.0\r\nAccept: */*\r\n\r\n')
    expect(fact).toEqual({
      kind: 'http-request', method: 'GET', uri: '/index.html?q=1', version: 'HTTP/1.1', host: 'www.example.com', userAgent: 'curl/8.0',
    })
    expect(anomalies.total).toBe(0)
  })

  it('accepts bare LF line ends and the other methods', () => {
    expect(decode('POST /api HTTP/1.0\nHost: a\n\n').fact).toMatchObject({ method: 'POST', version: 'HTTP/1.0', host: 'a' })
    for (const method of ['HEAD', 'PUT', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PATCH', 'PROPFIND']) {
      expect(decode(`${method} / HTTP/1.1\r\n\r\n`).fact?.method).toBe(method)
    }
  })

  it('only recognises known methods followed by a space', () => {
    for (const text of ['GETX / HTTP/1.1', 'get / HTTP/1.1', 'GET', 'FOO / HTTP/1.1', 'GET\t/', 'SSH-2.0-OpenSSH']) {
      expect(decode(text).m, text).toBe(0)
    }
  })

  it('refuses a complete request-line with another protocol version (RTSP, SIP)', () => {
    expect(decode('OPTIONS rtsp://cam/ RTSP/1.0\r\nCSeq: 1\r\n\r\n').fact).toBeNull()
    expect(decode('OPTIONS sip:x SIP/2.0\r\n\r\n').fact).toBeNull()
  })

  it('takes what is there when the request continues in the next segment, and flags it', () => {
    const cutLine = decode('GET /very/long/pa')
    expect(cutLine.fact).toMatchObject({ uri: '/very/long/pa', version: '', host: null })
    expect(cutLine.anomalies.get('http.request_fragmented')).toBe(1)
    const cutHeaders = decode('GET / HTTP/1.1\r\nHost: h.example\r\nUser-Ag')
    expect(cutHeaders.fact).toMatchObject({ host: 'h.example', userAgent: null })
    expect(cutHeaders.anomalies.get('http.request_fragmented')).toBe(1)
  })

  it('caps lines over 8 KiB and URIs over 2 KiB', () => {
    const longUri = '/' + 'a'.repeat(HTTP_LINE_CAP + 100)
    const { fact, anomalies } = decode(`GET ${longUri}`)
    expect(anomalies.get('http.line_too_long')).toBe(1)
    expect(anomalies.get('http.request_fragmented')).toBe(0)
    expect(fact?.uri).toBe(longUri.slice(0, HTTP_URI_CAP) + '…')
    const longHeader = decode(`GET / HTTP/1.1\r\nHost: x\r\nCookie: ${'c'.repeat(HTTP_LINE_CAP + 10)}`)
    expect(longHeader.fact?.host).toBe('x')
    expect(longHeader.anomalies.get('http.line_too_long')).toBe(1)
  })

  it('escapes control, bidi and invalid UTF-8 bytes in Host and User-Agent', () => {
    const payload = bytes(ascii('GET / HTTP/1.1\r\nHost: a\x00b\r\nUser-Agent: x'), 0xe2, 0x80, 0xae, ascii('y'), 0xff, ascii('\r\n\r\n'))
    const { fact } = decode(payload)
    expect(fact?.host).toBe('a\\x00b')
    expect(fact?.userAgent).toBe('x\\u{202e}y\\u{fffd}')
  })

  it('recognises status-lines', () => {
    const b = bytes(ascii('HTTP/1.1 200 OK\r\n'))
    expect(isHttpResponse(b, 0, b.length)).toBe(true)
    expect(isHttpResponse(b, 0, 6)).toBe(false)
    const h2 = bytes(ascii('HTTP/2 200'))
    expect(isHttpResponse(h2, 0, h2.length)).toBe(false)
  })

  it('never throws on arbitrary bytes after a method', () => {
    fc.assert(
      fc.property(fc.constantFrom('GET ', 'POST ', 'HEAD '), fc.uint8Array({ maxLength: 400 }), (method, rest) => {
        const buf = bytes(ascii(method), rest)
        const m = httpMethodLength(buf, 0, buf.length)
        decodeHttpRequest(buf, 0, buf.length, m, new AnomalyCounter())
        return m === method.length - 1
      }),
      { seed: 9112, numRuns: 2000 },
    )
  })
})
