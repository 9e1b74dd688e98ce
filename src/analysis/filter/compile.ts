/**
 * Compiles a display filter into a tree of closures, once; testing a row then walks the closures without
 * allocating. Fields are resolved against the table the filter runs on, values are parsed for the field they
 * are compared with, and every mistake becomes a FilterError pointing at the text that caused it.
 */
import type { CompareOp, FilterNode, FilterValue, SetItem, Span } from './ast.ts'
import { compareWords, wordsOf } from './addresses.ts'
import { addressTest, existsTest, matchesPattern, numberTest, type Quantifier, type RowTest, textTest } from './compile-tests.ts'
import { FilterError, quote } from './errors.ts'
import type { FieldDef, FieldType } from './fields.ts'
import { formatFilter } from './format-filter.ts'
import { parseFilter } from './parser.ts'
import type { FilterRecord } from './record.ts'
import { type FilterTable, resolveField } from './tables.ts'
import { type AddressPattern, addressValue, numberValue, textValue } from './values.ts'

export interface CompiledFilter {
  /** The filter as typed. */
  readonly text: string
  /** Its syntax tree; null for an empty filter, which matches every row. */
  readonly ast: FilterNode | null
  /** Canonical form of the filter (formatFilter), for display and history. */
  readonly canonical: string
  readonly table: FilterTable
  /** Canonical names of the fields the filter reads (e.g. to show those columns). */
  readonly fields: readonly string[]
  /** True when the row passes the filter. Does not allocate. */
  test(row: FilterRecord): boolean
}

/** Longest pattern accepted by "matches". */
export const MAX_REGEX_LENGTH = 256
/**
 * A repeated group that itself contains a repetition, e.g. "(a+)+" or "(x*y)*": the classic catastrophic
 * backtracking shape. A heuristic (overlapping alternations still get through), but it catches the usual case.
 */
const NESTED_REPETITION = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]/

const TYPE_NAMES: Readonly<Record<FieldType, string>> = {
  address: 'an address', number: 'a number', string: 'text', bool: 'true or false', proto: 'a protocol',
  state: 'a connection state', size: 'a size', duration: 'a duration', time: 'a time',
}
const isText = (t: FieldType): boolean => t === 'string' || t === 'state'

/** Parses and compiles `text` for `table`. Throws FilterError (and nothing else) when the filter is invalid. */
export function compileFilter(text: string, table: FilterTable): CompiledFilter {
  const ast = parseFilter(text)
  const fields = new Set<string>()
  const test: RowTest = ast === null ? () => true : compileNode(ast, table, fields)
  return { text, ast, canonical: formatFilter(ast), table, fields: [...fields], test }
}

function compileNode(node: FilterNode, table: FilterTable, used: Set<string>): RowTest {
  switch (node.kind) {
    case 'or':
    case 'and': {
      const parts = node.items.map((n) => compileNode(n, table, used))
      const count = parts.length
      const stopOn = node.kind === 'or'
      return (r) => {
        for (let i = 0; i < count; i++) if (parts[i](r) === stopOn) return stopOn
        return !stopOn
      }
    }
    case 'not': {
      const inner = compileNode(node.operand, table, used)
      return (r) => !inner(r)
    }
    case 'exists': {
      const def = resolveField(node.field, table)
      used.add(def.name)
      // A bare true/false field means "is true" (Wireshark would test only that the field exists).
      if (def.type === 'bool' && def.access.kind === 'num') return numberTest(def.access, (v) => v !== 0, 'any')
      return existsTest(def.access)
    }
    case 'compare': {
      const def = resolveField(node.field, table)
      used.add(def.name)
      checkOperator(def, node.op, node.opSpan, node.value)
      return compareTest(def, node.op, node.value)
    }
    case 'in': {
      const def = resolveField(node.field, table)
      used.add(def.name)
      if (def.type === 'proto') throw protocolMisuse(def, 'in', node.field)
      return setTest(def, node.items)
    }
  }
}

function protocolMisuse(def: FieldDef, op: string, span: Span): FilterError {
  return new FilterError(`${quote(def.name)} is a protocol: use it on its own (e.g. "${def.name} && port == 53"), not with ${quote(op)}`, span.start, span.end)
}

function checkOperator(def: FieldDef, op: CompareOp, opSpan: Span, value: FilterValue): void {
  if (def.type === 'proto') throw protocolMisuse(def, op, opSpan)
  const text = isText(def.type)
  if (op === 'contains' || op === 'matches') {
    if (!text) throw new FilterError(`${quote(op)} applies to text fields; ${quote(def.name)} is ${TYPE_NAMES[def.type]}`, opSpan.start, opSpan.end)
    if (value.kind !== 'string') throw new FilterError(`${quote(op)} needs a string in double quotes, e.g. tls.sni ${op} "example"`, value.start, value.end)
    return
  }
  if (op === '==' || op === '!=') return
  if (text) throw new FilterError(`${quote(op)} does not apply to text; use "==", "contains" or "matches"`, opSpan.start, opSpan.end)
  if (def.type === 'bool') throw new FilterError(`${quote(op)} does not apply to ${quote(def.name)}, which is true or false`, opSpan.start, opSpan.end)
}

function compareTest(def: FieldDef, op: CompareOp, value: FilterValue): RowTest {
  const quantifier: Quantifier = op === '!=' ? 'allNot' : 'any'
  const access = def.access
  if (access.kind === 'num') return numberTest(access, numberPredicate(op, numberValue(value, def)), quantifier)
  if (access.kind === 'addr') {
    const p = addressValue(value, def)
    if (p.isBlock && op !== '==' && op !== '!=') {
      throw new FilterError(`a network block can only be used with "==", "!=" or "in"`, value.start, value.end)
    }
    return addressTest(access.keys, access.family, addressPredicate(op, p), quantifier)
  }
  if (access.kind === 'str') {
    if (op === 'matches') return textTest(access.key, regexValue(value), quantifier)
    const x = textValue(value, def)
    return textTest(access.key, op === 'contains' ? (s) => s.includes(x) : (s) => s === x, quantifier)
  }
  throw protocolMisuse(def, op, value)
}

function numberPredicate(op: CompareOp, x: number): (v: number) => boolean {
  switch (op) {
    case '<':
      return (v) => v < x
    case '<=':
      return (v) => v <= x
    case '>':
      return (v) => v > x
    case '>=':
      return (v) => v >= x
    default:
      return (v) => v === x
  }
}

function addressPredicate(op: CompareOp, p: AddressPattern): (kind: number, w: Uint32Array) => boolean {
  const n = wordsOf(p.kind)
  const k = p.kind
  switch (op) {
    case '<':
      return (kind, w) => kind === k && compareWords(w, p.net, n) < 0
    case '<=':
      return (kind, w) => kind === k && compareWords(w, p.net, n) <= 0
    case '>':
      return (kind, w) => kind === k && compareWords(w, p.net, n) > 0
    case '>=':
      return (kind, w) => kind === k && compareWords(w, p.net, n) >= 0
    default:
      return (kind, w) => matchesPattern(p, kind, w)
  }
}

/** "matches": a case-insensitive regular expression. RegExp is not eval, so a strict CSP allows it. */
function regexValue(value: FilterValue): (s: string) => boolean {
  const pattern = value.kind === 'string' ? value.value : value.text
  if (pattern.length > MAX_REGEX_LENGTH) throw new FilterError(`the regular expression is too long (the limit is ${MAX_REGEX_LENGTH} characters)`, value.start, value.end)
  if (NESTED_REPETITION.test(pattern)) {
    throw new FilterError('nested repetition such as "(a+)+" can take exponential time; simplify the pattern', value.start, value.end)
  }
  let re: RegExp
  try {
    re = new RegExp(pattern, 'i')
  } catch (e) {
    // V8: "Invalid regular expression: /(a/i: Unterminated group"; keep the reason only.
    const why = e instanceof Error ? e.message.slice(e.message.lastIndexOf(': ') + 2).slice(0, 120) : 'syntax error'
    throw new FilterError(`invalid regular expression: ${why}`, value.start, value.end)
  }
  return (s) => re.test(s)
}

function setTest(def: FieldDef, items: readonly SetItem[]): RowTest {
  const access = def.access
  if (access.kind === 'str') {
    const values = new Set<string>()
    for (const item of items) {
      if (item.kind === 'range') throw new FilterError('ranges apply to numbers, sizes, durations, times and addresses, not to text', item.start, item.end)
      values.add(textValue(item, def))
    }
    return textTest(access.key, (s) => values.has(s), 'any')
  }
  if (access.kind === 'num') {
    const lows = new Float64Array(items.length)
    const highs = new Float64Array(items.length)
    items.forEach((item, i) => {
      if (item.kind === 'range' && def.type === 'bool') throw new FilterError(`ranges do not apply to ${quote(def.name)}, which is true or false`, item.start, item.end)
      lows[i] = numberValue(item.kind === 'range' ? item.low : item, def)
      highs[i] = item.kind === 'range' ? numberValue(item.high, def) : lows[i]
    })
    const n = items.length
    return numberTest(access, (v) => {
      for (let i = 0; i < n; i++) if (v >= lows[i] && v <= highs[i]) return true
      return false
    }, 'any')
  }
  if (access.kind === 'addr') {
    const tests = items.map((item) => addressItem(def, item))
    const n = tests.length
    return addressTest(access.keys, access.family, (kind, w) => {
      for (let i = 0; i < n; i++) if (tests[i](kind, w)) return true
      return false
    }, 'any')
  }
  throw protocolMisuse(def, 'in', items[0])
}

function addressItem(def: FieldDef, item: SetItem): (kind: number, w: Uint32Array) => boolean {
  if (item.kind !== 'range') {
    const p = addressValue(item, def)
    return (kind, w) => matchesPattern(p, kind, w)
  }
  const low = addressValue(item.low, def)
  const high = addressValue(item.high, def)
  if (low.isBlock || high.isBlock || low.kind !== high.kind) {
    throw new FilterError('an address range needs two addresses of the same kind, without "/" prefixes', item.start, item.end)
  }
  const n = wordsOf(low.kind)
  const k = low.kind
  return (kind, w) => kind === k && compareWords(w, low.net, n) >= 0 && compareWords(w, high.net, n) <= 0
}
