/**
 * THE display sanitiser: every string taken from packets and files (DNS names, SNI, HTTP Host and User-Agent,
 * table cells and column names, file names, pcapng comments, interface names, session names) goes through
 * escapeDisplay (or escapeBytes / escapeAscii at decode time) before it is shown (shared/RELIABILITY.md rows 33,
 * 37, 38): control characters, bidi controls and invisible characters are escaped so they cannot reorder, hide
 * or spoof text, and the length is capped. The result is still only ever shown as text, never as HTML
 * (src/html-sinks.test.ts fails on any HTML sink in src/ and workers/).
 */
export const DISPLAY_CAP = 255

const decoder = new TextDecoder('utf-8', { fatal: false })

/**
 * True for code points that must not reach the page raw: C0/C1 controls and DEL; bidi controls (U+061C, U+200E/F,
 * U+202A-202E, U+2066-2069: Trojan Source, CVE-2021-42574); zero-width and other invisible or format characters
 * that hide or join text (soft hyphen, U+180E, U+200B-200D, U+2060-2064, U+206A-206F, BOM, the interlinear
 * annotation marks, Hangul fillers, tag characters used to smuggle text); line and paragraph separators; lone
 * surrogates; and U+FFFD, the mark of bytes that were not UTF-8.
 */
function needsEscape(cp: number): boolean {
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return true
  if (cp < 0xad) return false
  return (
    cp === 0xad ||
    cp === 0x34f ||
    cp === 0x61c ||
    cp === 0x115f ||
    cp === 0x1160 ||
    cp === 0x180e ||
    (cp >= 0x200b && cp <= 0x200f) ||
    (cp >= 0x2028 && cp <= 0x202e) ||
    (cp >= 0x2060 && cp <= 0x206f) ||
    cp === 0x3164 ||
    (cp >= 0xd800 && cp <= 0xdfff) ||
    cp === 0xfeff ||
    cp === 0xffa0 ||
    (cp >= 0xfff9 && cp <= 0xfffb) ||
    cp === 0xfffd ||
    (cp >= 0xe0000 && cp <= 0xe007f)
  )
}

/** Escapes a string for display: \xNN / \u{...} for unsafe code points, then caps it at `cap` code points with "…". */
export function escapeDisplay(s: string, cap = DISPLAY_CAP): string {
  return escapeText(s, cap, true)
}

/**
 * The sanitiser at the point of rendering, for strings that may already be escaped (decoded DNS names, SNI,
 * table cells): unsafe code points escaped and the length capped as escapeDisplay does, but backslashes kept, so
 * applying it to escaped text changes nothing (no doubled backslashes) while raw text still cannot carry a control,
 * bidi or invisible character onto the page.
 */
export function displayText(s: string, cap = DISPLAY_CAP): string {
  return escapeText(s, cap, false)
}

function escapeText(s: string, cap: number, doubleBackslash: boolean): string {
  // Most text is short printable ASCII (without a backslash when doubling): then it is its own escaped form, and
  // returning it as is avoids building a copy character by character.
  if (s.length <= cap && isPlainAscii(s, doubleBackslash)) return s
  let out = ''
  let n = 0
  for (const ch of s) {
    if (n >= cap) return out + '…'
    const cp = ch.codePointAt(0) as number
    if (cp === 0x5c && doubleBackslash) out += '\\\\'
    else if (needsEscape(cp)) out += cp <= 0xff ? `\\x${cp.toString(16).padStart(2, '0')}` : `\\u{${cp.toString(16)}}`
    else out += ch
    n++
  }
  return out
}

function isPlainAscii(s: string, backslashIsSpecial: boolean): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 0x20 || c > 0x7e || (c === 0x5c && backslashIsSpecial)) return false
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
