import { describe, expect, it, vi } from 'vitest'
import { decodeApp } from './app.ts'
import { decode, eth, ipv4, tcp } from './frame-test-kit.ts'

vi.mock('./app.ts', () => ({ decodeApp: vi.fn() }))

describe('decodeFrame error containment', () => {
  it('counts decoder.internal_error for an unexpected exception instead of throwing', () => {
    vi.mocked(decodeApp).mockImplementation(() => {
      throw new TypeError('boom')
    })
    const d = decode(1, eth(0x0800, ipv4(6, tcp(1, 2, new Uint8Array(4)))))
    expect(d.anomalies).toEqual({ 'decoder.internal_error': 1 })
    expect(d.layers).toEqual(['eth', 'ip', 'tcp']) // what was decoded before stays
  })

  it('names a Truncated thrown by an application decoder app.truncated', () => {
    vi.mocked(decodeApp).mockImplementation((ctx, _b, _r, _s, end) => {
      ctx.reader.u32(end + 100)
    })
    const d = decode(1, eth(0x0800, ipv4(6, tcp(1, 2, new Uint8Array(4)))))
    expect(d.anomalies).toEqual({ 'app.truncated': 1 })
  })
})
