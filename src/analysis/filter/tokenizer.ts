/**
 * Splits a display filter into tokens. Unquoted values and field names share one token kind, `word` (letters,
 * digits and `_ . : / -`), because "10.0.0.0/8", "aa:bb:cc:dd:ee:ff", "1.5MB", "1..1024" and "ip.addr" are all
 * runs of those characters; the parser decides by position whether a word is a field, a keyword or a value.
 * The loop advances at least one character per step and the input is capped at MAX_FILTER_LENGTH.
 */
import { FilterError, MAX_FILTER_LENGTH, quote } from './errors.ts'

export type TokenKind = 'word' | 'string' | 'op' | '!' | '&&' | '||' | '(' | ')' | '{' | '}' | ',' | 'end'

export interface Token {
  readonly kind: TokenKind
  /** The source text of the token (for strings: with quotes and escapes as typed). */
  readonly text: string
  /** Strings: the decoded value. Other tokens: same as text. */
  readonly value: string
  readonly start: number
  readonly end: number
}

function isWordChar(c: number): boolean {
  return (
    (c >= 0x30 && c <= 0x3a) || // 0-9 and ':'
    (c >= 0x41 && c <= 0x5a) ||
    (c >= 0x61 && c <= 0x7a) ||
    c === 0x5f || // _
    c === 0x2e || // .
    c === 0x2f || // /
    c === 0x2d // -
  )
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d
}

const TWO_CHAR: Readonly<Record<string, TokenKind>> = {
  '==': 'op', '!=': 'op', '<=': 'op', '>=': 'op', '&&': '&&', '||': '||',
}
const ONE_CHAR: Readonly<Record<string, TokenKind>> = {
  '<': 'op', '>': 'op', '~': 'op', '!': '!', '(': '(', ')': ')', '{': '{', '}': '}', ',': ',',
}
const HINTS: Readonly<Record<string, string>> = {
  '=': 'use "==" to compare (a single "=" is not an operator)',
  '&': 'use "&&" or "and" to combine tests',
  '|': 'use "||" or "or" to combine tests',
}

/** Tokens of `text`, ending with one `end` token. Throws FilterError on text that cannot be a filter. */
export function tokenize(text: string): Token[] {
  if (text.length > MAX_FILTER_LENGTH) {
    throw new FilterError(`the filter is too long (${text.length} characters; the limit is ${MAX_FILTER_LENGTH})`, MAX_FILTER_LENGTH, text.length)
  }
  const tokens: Token[] = []
  let i = 0
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (isSpace(c)) {
      i++
      continue
    }
    const start = i
    if (isWordChar(c)) {
      while (i < text.length && isWordChar(text.charCodeAt(i))) i++
      const word = text.slice(start, i)
      tokens.push({ kind: 'word', text: word, value: word, start, end: i })
      continue
    }
    if (c === 0x22) {
      const { value, end } = readString(text, start)
      tokens.push({ kind: 'string', text: text.slice(start, end), value, start, end })
      i = end
      continue
    }
    const two = text.slice(i, i + 2)
    const kind2 = TWO_CHAR[two]
    if (kind2 !== undefined) {
      tokens.push({ kind: kind2, text: two, value: two, start, end: i + 2 })
      i += 2
      continue
    }
    const one = text[i]
    const kind1 = ONE_CHAR[one]
    if (kind1 !== undefined) {
      tokens.push({ kind: kind1, text: one, value: one, start, end: i + 1 })
      i++
      continue
    }
    const hint = HINTS[one]
    if (hint !== undefined) throw new FilterError(hint, start, start + 1)
    const ch = String.fromCodePoint(text.codePointAt(i) ?? c)
    const help = c === 0x27 ? ' (strings use double quotes)' : c > 0x7f ? ' (put text in double quotes)' : ''
    throw new FilterError(`unexpected character ${quote(ch)}${help}`, start, start + ch.length)
  }
  tokens.push({ kind: 'end', text: '', value: '', start: text.length, end: text.length })
  return tokens
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"', '\\': '\\', "'": "'", n: '\n', r: '\r', t: '\t', '0': '\0',
}

/** Reads the double-quoted string opening at `start`: its decoded value and the offset past the closing quote. */
function readString(text: string, start: number): { value: string; end: number } {
  let value = ''
  let i = start + 1
  while (i < text.length) {
    const ch = text[i]
    if (ch === '"') return { value, end: i + 1 }
    if (ch !== '\\') {
      value += ch
      i++
      continue
    }
    const e = text[i + 1] ?? ''
    const simple = SIMPLE_ESCAPES[e]
    if (simple !== undefined) {
      value += simple
      i += 2
      continue
    }
    const digits = e === 'x' ? 2 : e === 'u' ? 4 : 0
    const hex = text.slice(i + 2, i + 2 + digits)
    if (digits > 0 && hex.length === digits && /^[0-9a-fA-F]+$/.test(hex)) {
      value += String.fromCharCode(parseInt(hex, 16))
      i += 2 + digits
      continue
    }
    if (e === '') break
    let shownEnd = i + 2
    while (shownEnd < i + 2 + digits && /[0-9a-fA-F]/.test(text[shownEnd] ?? '')) shownEnd++
    const shown = text.slice(i, shownEnd)
    throw new FilterError(`invalid escape ${quote(shown)} in a string (use \\\\, \\", \\n, \\t, \\xHH or \\uHHHH)`, i, i + shown.length)
  }
  throw new FilterError('unterminated string: add the closing double quote', start, text.length)
}
