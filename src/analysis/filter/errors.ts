/**
 * The one error the filter language raises: a message for people plus the span [start, end) of the offending
 * text in the filter string, so the UI can underline it. Crossing a worker boundary, use `toErrorInfo` (structured
 * clone drops an Error's own fields).
 */
export interface FilterErrorInfo {
  readonly message: string
  /** Offset of the first offending character (UTF-16 code units, as String.prototype.slice counts). */
  readonly start: number
  /** Offset just past the offending text; equal to start for "something is missing here". */
  readonly end: number
}

export class FilterError extends Error implements FilterErrorInfo {
  override readonly name = 'FilterError'
  readonly start: number
  readonly end: number

  constructor(message: string, start: number, end: number) {
    super(message)
    this.start = start
    this.end = Math.max(start, end)
  }
}

export function toErrorInfo(e: FilterError): FilterErrorInfo {
  return { message: e.message, start: e.start, end: e.end }
}

/** Longest filter accepted (characters); a filter is typed by a person, 4 KiB is generous. */
export const MAX_FILTER_LENGTH = 4096
/** Deepest nesting of parentheses and negations; the parser recurses once per level. */
export const MAX_NESTING = 64

const QUOTE_CAP = 40

/** Characters that could hide or reorder a message's text: controls, bidi overrides, zero-width marks, BOM. */
function isInvisible(c: number): boolean {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x200b && c <= 0x200f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2060 && c <= 0x2069) || c === 0xfeff
}

/** Puts user text in quotes for a message: invisible characters shown as \u{NN}, long text cut with "…". */
export function quote(text: string): string {
  let out = ''
  const n = Math.min(text.length, QUOTE_CAP)
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    out += isInvisible(c) ? `\\u{${c.toString(16)}}` : text[i]
  }
  return `"${out}${text.length > QUOTE_CAP ? '…' : ''}"`
}
