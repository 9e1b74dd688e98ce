/**
 * Turns bytes or strings taken from packets and files into safe display text (shared/RELIABILITY.md rows 33,
 * 37, 38): control characters, bidi overrides and zero-width characters are escaped so they cannot reorder or
 * hide text, and the length is capped. The result is still only ever shown as text, never as HTML.
 */
export const DISPLAY_CAP = 255

const decoder = new TextDecoder('utf-8', { fatal: false })

/** True for code points that must not reach the page raw: C0/C1 controls, DEL, bidi controls, zero-width marks, BOM. */
function needsEscape(cp: number): boolean {
  return (
    cp < 0x20 ||
    (cp >= 0x7f && cp <= 0x9f) ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x2069) ||
    cp === 0xfeff ||
    cp === 0xfffd
  )
}

/** Escapes a string for display: \xNN / \u{...} for unsafe code points, then caps it at `cap` code points with "…". */
export function escapeDisplay(s: string, cap = DISPLAY_CAP): string {
  // Most text is short printable ASCII without a backslash: then it is its own escaped form, and returning it
  // as is avoids building a copy character by character.
  if (s.length <= cap && isPlainAscii(s)) return s
  let out = ''
  let n = 0
  for (const ch of s) {
    if (n >= cap) return out + '…'
    const cp = ch.codePointAt(0)!
    if (cp === 0x5c) out += '\\\\'
    else if (needsEscape(cp)) out += cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u{${cp.toString(16)}}`
    else out += ch
    n++
  }
  return out
}

function isPlainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c > 0x7e || c === 0x5c) return false
  }
  return true
}

/** Decodes UTF-8 bytes leniently (invalid sequences become U+FFFD, which is then escaped) and escapes for display. */
export function escapeBytes(bytes: Uint8Array, cap = DISPLAY_CAP): string {
  return escapeDisplay(decoder.decode(bytes.subarray(0, cap * 4)), cap)
}

/**
 * Escapes a DNS label or other ASCII protocol text byte by byte, as RFC 4343 / dig do: printable ASCII kept,
 * '.' and '\' inside a label escaped, anything else as \DDD. `inLabel` escapes the dot.
 */
export function escapeAscii(bytes: Uint8Array, start: number, end: number, inLabel = false): string {
  let out = ''
  for (let i = start; i < end; i++) {
    const b = bytes[i]
    if (b === 0x5c || (inLabel && b === 0x2e)) out += '\\' + String.fromCharCode(b)
    else if (b > 0x20 && b < 0x7f) out += String.fromCharCode(b)
    else out += '\\' + b.toString().padStart(3, '0')
  }
  return out
}
