/**
 * The bytes the RFC 4180 row reader (row-reader.ts, https://www.rfc-editor.org/rfc/rfc4180) looks for, all ASCII,
 * so never part of a multi-byte UTF-8 character, and its small byte tests.
 */
export const LF = 10
export const CR = 13
export const QUOTE = 34
export const SPACE = 32
export const TAB = 9
export const DOT = 46
export const MINUS = 45

/** True for a field's end: either delimiter or a line end. */
export function isBreak(c: number, d1: number, d2: number): boolean {
  return c === d1 || c === d2 || c === LF || c === CR
}

/** True when buf[0, n) may still become a UTF-8 byte order mark (EF BB BF). */
export function isBomPrefix(buf: Uint8Array, n: number): boolean {
  return (n < 1 || buf[0] === 0xef) && (n < 2 || buf[1] === 0xbb)
}
