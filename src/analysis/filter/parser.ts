/**
 * Recursive-descent parser for display filters, with Wireshark's precedence: `not` binds tightest, then `and`,
 * then `or` (wireshark-filter(4)). Chains of `and`/`or` become one n-ary node built in a loop, so only
 * parentheses and negations nest, and those are capped at MAX_NESTING: no recursion deeper than that.
 *
 *   filter  := or?                      (empty text: no filter)
 *   or      := and (("||" | "or") and)*
 *   and     := unary (("&&" | "and") unary)*
 *   unary   := ("!" | "not")* primary
 *   primary := "(" or ")" | field [op value | ["not"] "in" "{" item* "}"]
 *   item    := value [".." value]       (commas between items are optional)
 */
import type { CompareOp, FieldRef, FilterNode, FilterValue, SetItem } from './ast.ts'
import { FilterError, MAX_NESTING, quote } from './errors.ts'
import { type Token, tokenize } from './tokenizer.ts'

const WORD_OPS: Readonly<Record<string, CompareOp>> = {
  eq: '==', ne: '!=', lt: '<', le: '<=', gt: '>', ge: '>=', contains: 'contains', matches: 'matches',
}
const SYMBOL_OPS: Readonly<Record<string, CompareOp>> = {
  '==': '==', '!=': '!=', '<': '<', '<=': '<=', '>': '>', '>=': '>=', '~': 'matches',
}
const KEYWORDS = new Set(['and', 'or', 'not', 'in', ...Object.keys(WORD_OPS)])
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/

/** The syntax tree of `text`, or null for an empty filter (which matches everything). Throws FilterError. */
export function parseFilter(text: string): FilterNode | null {
  const p = new Parser(tokenize(text))
  if (p.peek().kind === 'end') return null
  const node = p.parseOr()
  const tok = p.peek()
  if (tok.kind !== 'end') throw p.unexpected(tok)
  return node
}

function isWord(tok: Token, word: string): boolean {
  return tok.kind === 'word' && tok.text.toLowerCase() === word
}

class Parser {
  private pos = 0
  private depth = 0

  constructor(private readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token {
    return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)]
  }

  private next(): Token {
    const tok = this.peek()
    if (tok.kind !== 'end') this.pos++
    return tok
  }

  private previous(): Token | null {
    return this.pos > 0 ? this.tokens[this.pos - 1] : null
  }

  unexpected(tok: Token): FilterError {
    if (tok.kind === ')') return new FilterError('unbalanced parenthesis: this ")" has no matching "("', tok.start, tok.end)
    const prev = this.previous()
    const after = prev === null ? '' : ` after ${quote(prev.text)}`
    return new FilterError(`unexpected ${quote(tok.text)}${after}: expected "&&", "||" or an operator such as "=="`, tok.start, tok.end)
  }

  private enter(tok: Token): void {
    if (++this.depth > MAX_NESTING) throw new FilterError(`the filter nests too deeply (more than ${MAX_NESTING} levels of parentheses and negations)`, tok.start, tok.end)
  }

  parseOr(): FilterNode {
    const items = [this.parseAnd()]
    while (this.peek().kind === '||' || isWord(this.peek(), 'or')) {
      this.next()
      items.push(this.parseAnd())
    }
    return items.length === 1 ? items[0] : { kind: 'or', items, start: items[0].start, end: items[items.length - 1].end }
  }

  private parseAnd(): FilterNode {
    const items = [this.parseUnary()]
    while (this.peek().kind === '&&' || isWord(this.peek(), 'and')) {
      this.next()
      items.push(this.parseUnary())
    }
    return items.length === 1 ? items[0] : { kind: 'and', items, start: items[0].start, end: items[items.length - 1].end }
  }

  private parseUnary(): FilterNode {
    const starts: number[] = []
    const saved = this.depth
    while (this.peek().kind === '!' || isWord(this.peek(), 'not')) {
      const tok = this.next()
      this.enter(tok)
      starts.push(tok.start)
    }
    let node = this.parsePrimary()
    for (let i = starts.length - 1; i >= 0; i--) node = { kind: 'not', operand: node, start: starts[i], end: node.end }
    this.depth = saved
    return node
  }

  private parsePrimary(): FilterNode {
    const prev = this.previous()
    const tok = this.next()
    if (tok.kind === '(') {
      this.enter(tok)
      const inner = this.parseOr()
      const close = this.peek()
      if (close.kind === 'end') throw new FilterError('unbalanced parenthesis: this "(" is never closed', tok.start, tok.end)
      if (close.kind !== ')') throw this.unexpected(close)
      this.next()
      this.depth--
      return inner
    }
    if (tok.kind === 'word' && !KEYWORDS.has(tok.text.toLowerCase())) return this.parseTest(tok)
    if (tok.kind === ')') throw this.unexpected(tok)
    const after = prev === null ? '' : ` after ${quote(prev.text)}`
    if (tok.kind === 'end') throw new FilterError(`expected a field name or "("${after}`, tok.start, tok.end)
    throw new FilterError(`expected a field name or "("${after}, found ${quote(tok.text)}`, tok.start, tok.end)
  }

  private parseTest(tok: Token): FilterNode {
    if (!FIELD_NAME.test(tok.text)) {
      throw new FilterError(`expected a field name, found ${quote(tok.text)} (compare a field with a value, e.g. ip.addr == 10.0.0.1)`, tok.start, tok.end)
    }
    const field: FieldRef = { name: tok.text, start: tok.start, end: tok.end }
    const opTok = this.peek()
    const op = opTok.kind === 'op' ? SYMBOL_OPS[opTok.text] : opTok.kind === 'word' ? WORD_OPS[opTok.text.toLowerCase()] : undefined
    if (op !== undefined) {
      this.next()
      const value = this.parseValue(opTok)
      return { kind: 'compare', field, op, opSpan: { start: opTok.start, end: opTok.end }, value, start: field.start, end: value.end }
    }
    if (isWord(opTok, 'in')) return this.parseSet(field, this.next())
    if (isWord(opTok, 'not') && isWord(this.peek(1), 'in')) {
      this.next()
      const set = this.parseSet(field, this.next())
      return { kind: 'not', operand: set, start: set.start, end: set.end }
    }
    return { kind: 'exists', field, start: field.start, end: field.end }
  }

  private parseValue(after: Token): FilterValue {
    const tok = this.peek()
    if (tok.kind === 'string') {
      this.next()
      return { kind: 'string', value: tok.value, start: tok.start, end: tok.end }
    }
    if (tok.kind === 'word' && !KEYWORDS.has(tok.text.toLowerCase())) {
      this.next()
      return { kind: 'literal', text: tok.text, start: tok.start, end: tok.end }
    }
    const found = tok.kind === 'end' ? '' : `, found ${quote(tok.text)}`
    throw new FilterError(`expected a value after ${quote(after.text)}${found}`, tok.start, tok.end)
  }

  private parseSet(field: FieldRef, inTok: Token): FilterNode {
    const open = this.next()
    if (open.kind !== '{') throw new FilterError(`expected "{" after ${quote(inTok.text)}, as in tcp.port in {80 443}`, open.start, open.end)
    this.enter(open)
    const items: SetItem[] = []
    for (;;) {
      const tok = this.peek()
      if (tok.kind === '}') break
      if (tok.kind === ',') {
        this.next()
        continue
      }
      if (tok.kind === 'end') throw new FilterError('unbalanced brace: this "{" is never closed', open.start, open.end)
      items.push(this.parseSetItem())
    }
    const close = this.next()
    this.depth--
    if (items.length === 0) throw new FilterError('empty set: list values between "{" and "}"', open.start, close.end)
    return { kind: 'in', field, items, start: field.start, end: close.end }
  }

  /** One value or `low..high`; the dots may be inside one word ("1..1024") or stand apart ("1 .. 1024"). */
  private parseSetItem(): SetItem {
    const tok = this.next()
    let low: FilterValue
    let highText: string | null = null
    let highStart = 0
    if (tok.kind === 'string') {
      low = { kind: 'string', value: tok.value, start: tok.start, end: tok.end }
    } else if (tok.kind === 'word' && !tok.text.startsWith('..')) {
      const dots = tok.text.indexOf('..')
      const lowText = dots < 0 ? tok.text : tok.text.slice(0, dots)
      low = { kind: 'literal', text: lowText, start: tok.start, end: tok.start + lowText.length }
      if (dots >= 0) {
        highText = tok.text.slice(dots + 2)
        highStart = tok.start + dots + 2
      }
    } else {
      const what = tok.kind === 'word' ? 'a range needs a lower bound' : `expected a value or "}" in the set, found ${quote(tok.text)}`
      throw new FilterError(what, tok.start, tok.end)
    }
    if (highText === null) {
      const dots = this.peek()
      if (dots.kind !== 'word' || !dots.text.startsWith('..')) return low
      this.next()
      highText = dots.text.slice(2)
      highStart = dots.start + 2
    }
    const high: FilterValue = highText !== '' ? { kind: 'literal', text: highText, start: highStart, end: highStart + highText.length } : this.parseRangeEnd()
    return { kind: 'range', low, high, start: low.start, end: high.end }
  }

  private parseRangeEnd(): FilterValue {
    const tok = this.peek()
    if (tok.kind === 'word' || tok.kind === 'string') return this.parseValue(this.tokens[this.pos - 1])
    throw new FilterError('a range needs an upper bound after ".."', tok.start, tok.end)
  }
}
