import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { DISPLAY_CAP, displayText, escapeAscii, escapeBytes, escapeDisplay } from './escape.ts'
import { HOSTILE_STRINGS, UNSAFE_FOR_DISPLAY } from './hostile-strings.ts'

describe('escapeDisplay, the display sanitiser', () => {
  it('leaves printable text alone, in any script', () => {
    for (const s of ['www.example.com', 'Mozilla/5.0 (X11; Linux x86_64)', 'Straße', 'שלום עולם', '日本語', '💻']) expect(escapeDisplay(s)).toBe(s)
  })

  it('escapes zero-width joiners even inside emoji sequences (they also join look-alike names)', () => {
    expect(escapeDisplay('👩\u200D💻')).toBe('👩\\u{200d}💻')
  })

  it('escapes control, bidi and invisible characters visibly', () => {
    expect(escapeDisplay('a\u0000b\u001bc\u007fd')).toBe('a\\x00b\\x1bc\\x7fd')
    expect(escapeDisplay('invoice\u202Etxt.exe')).toBe('invoice\\u{202e}txt.exe')
    expect(escapeDisplay('\u2066x\u2069')).toBe('\\u{2066}x\\u{2069}')
    expect(escapeDisplay('pay\u200Bpal')).toBe('pay\\u{200b}pal')
    expect(escapeDisplay('soft\u00ADhyphen')).toBe('soft\\xadhyphen')
    expect(escapeDisplay('a\u061Cb\u2028c')).toBe('a\\u{61c}b\\u{2028}c')
    expect(escapeDisplay('tag\u{E0041}')).toBe('tag\\u{e0041}')
    expect(escapeDisplay('lone\uD800')).toBe('lone\\u{d800}')
  })

  it('doubles backslashes, so an escape in the input cannot pass for one of ours', () => {
    expect(escapeDisplay('\\x41')).toBe('\\\\x41')
  })

  it('caps the length in code points with an ellipsis', () => {
    expect(escapeDisplay('x'.repeat(1000))).toBe('x'.repeat(DISPLAY_CAP) + '…')
    expect(escapeDisplay('日'.repeat(20), 5)).toBe('日'.repeat(5) + '…')
  })

  it('makes every hostile string safe: no unsafe code point, bounded length', () => {
    expect(HOSTILE_STRINGS.length).toBeGreaterThanOrEqual(30)
    for (const s of HOSTILE_STRINGS) {
      const out = escapeDisplay(s)
      expect(out, JSON.stringify(s.slice(0, 40))).not.toMatch(UNSAFE_FOR_DISPLAY)
      // Each code point becomes at most 10 characters (\u{e007f}); plus the ellipsis.
      expect(out.length).toBeLessThanOrEqual(DISPLAY_CAP * 10 + 1)
    }
  })

  it('never lets an unsafe code point through, for any string (property, seed 33)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), fc.integer({ min: 1, max: 300 }), (s, cap) => {
        const out = escapeDisplay(s, cap)
        expect(out).not.toMatch(UNSAFE_FOR_DISPLAY)
        expect([...out.replace(/\\(\\|x[0-9a-f]{2}|u\{[0-9a-f]+\})/g, '.')].length).toBeLessThanOrEqual(cap + 1)
      }),
      { seed: 33, numRuns: 500 },
    )
  }, 30_000)

  it('escapeBytes decodes UTF-8 leniently and escapes what was invalid', () => {
    expect(escapeBytes(Uint8Array.of(0x61, 0xff, 0x62))).toBe('a\\u{fffd}b')
    expect(escapeBytes(new TextEncoder().encode('ex\u202Eample'))).toBe('ex\\u{202e}ample')
  })

  it('escapeAscii writes protocol bytes as RFC 4343 \\DDD', () => {
    const b = Uint8Array.of(0x61, 0x00, 0x2e, 0x5c, 0xc3)
    expect(escapeAscii(b, 0, b.length, true)).toBe('a\\000\\.\\\\\\195')
  })

  it('displayText (at render time) sanitises raw text like escapeDisplay but leaves escaped text as it is', () => {
    const decoded = 'a\\000\\.example' // a DNS name as the decoder escaped it: a\000\.example
    expect(displayText(decoded)).toBe(decoded)
    expect(displayText(escapeDisplay('x\u202Ey\\z'))).toBe(escapeDisplay('x\u202Ey\\z'))
    expect(displayText('x\u202Ey')).toBe('x\\u{202e}y')
    for (const s of HOSTILE_STRINGS) expect(displayText(s)).not.toMatch(UNSAFE_FOR_DISPLAY)
  })
})
