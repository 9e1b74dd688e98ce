import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { FilterNode, FilterValue, SetItem } from './ast.ts'
import { compileFilter } from './compile.ts'
import { FilterError, MAX_FILTER_LENGTH, MAX_NESTING } from './errors.ts'
import { FIELDS } from './fields.ts'
import { FlowRecordAccessor } from './flow-adapter.ts'
import { formatFilter } from './format-filter.ts'
import { parseFilter } from './parser.ts'
import { CONVERSATIONS_TABLE, ENDPOINTS_TABLE, FLOWS_TABLE } from './tables.ts'
import { TEST_FLOWS } from './test-records.ts'
import { tokenize } from './tokenizer.ts'

const SEED = 20240101
console.log(`filter property tests: fast-check seed ${SEED}`)

/** Pieces of real filters, so random text reaches deep into the parser and compiler, not only the tokenizer. */
const PIECES = [
  'ip.addr', 'ip.src', 'tcp.port', 'port', 'bytes', 'duration', 'start', 'state', 'tls.sni', 'tls.alpn', 'dns.rcode', 'handshake',
  'tcp', 'udp', 'dns', 'eth.addr', 'ip.adr', 'proto', '==', '!=', '<', '>=', '~', 'eq', 'contains', 'matches', 'in', 'not', 'and',
  'or', '&&', '||', '!', '(', ')', '{', '}', ',', '..', '"', '"x"', '"a\\"b"', '"\\x41"', '"(a"', '10.0.0.1', '10.0.0.0/8',
  '::1', '2001:db8::/32', 'aa:bb:cc:dd:ee:ff', '443', '0x1bb', '1..1024', '1.5MB', '30ms', '2m', 'S0', 'NXDOMAIN', 'true',
  '"2024-01-01 12:00:00"', '-1', '=', '&', '|', '#', "'", 'é', '\u202e', ' ', ' ', ' ',
]
const soup = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(''))
const spaced = fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }).map((parts) => parts.join(' '))
const anyText = fc.oneof(soup, spaced, fc.string({ maxLength: 120 }), fc.string({ unit: 'binary', maxLength: 120 }), fc.string({ maxLength: 5000, minLength: 4000 }))

const TABLES = [FLOWS_TABLE, CONVERSATIONS_TABLE, ENDPOINTS_TABLE]

describe('display filter properties', () => {
  it('gives a compiled filter or a FilterError for any text, within its caps, and compiled filters never throw', () => {
    const accessor = new FlowRecordAccessor()
    let longest = 0
    fc.assert(
      fc.property(anyText, fc.integer({ min: 0, max: 2 }), (text, t) => {
        // What bounds the work on any text (instead of a clock): the length cap refuses long text before any
        // parsing, the tokenizer moves forward (at most one token per character), and the nesting cap holds.
        if (text.length > MAX_FILTER_LENGTH) {
          expect(() => tokenize(text)).toThrow(/too long/)
        } else {
          try {
            const tokens = tokenize(text)
            longest = Math.max(longest, tokens.length)
            expect(tokens.length).toBeLessThanOrEqual(text.length + 1)
          } catch (e) {
            if (!(e instanceof FilterError)) throw e
          }
        }
        try {
          const f = compileFilter(text, TABLES[t])
          expect(text.length).toBeLessThanOrEqual(MAX_FILTER_LENGTH)
          // Each nesting level (parentheses, negation) adds at most an or, an and and a not to the tree.
          expect(treeDepth(parseFilter(text))).toBeLessThanOrEqual(3 * (MAX_NESTING + 1))
          if (t === 0) for (const r of TEST_FLOWS) expect(typeof f.test(accessor.set(r))).toBe('boolean')
        } catch (e) {
          if (!(e instanceof FilterError)) throw e
          expect(0 <= e.start && e.start <= e.end && e.end <= text.length).toBe(true)
          expect(e.message.length).toBeGreaterThan(5)
        }
      }),
      { seed: SEED, numRuns: 3000 },
    )
    console.log(`filter properties: at most ${longest} tokens in one text`)
  })

  it('prints a canonical form that parses back to the same tree', () => {
    fc.assert(
      fc.property(astArbitrary, (ast) => {
        const printed = formatFilter(ast)
        expect(stripSpans(parseFilter(printed))).toEqual(stripSpans(ast))
        expect(formatFilter(parseFilter(printed))).toBe(printed)
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })

  it('canonical form of any parsable text is a fixed point', () => {
    fc.assert(
      fc.property(fc.oneof(spaced, soup), (text) => {
        let ast: FilterNode | null
        try {
          ast = parseFilter(text)
        } catch (e) {
          if (e instanceof FilterError) return
          throw e
        }
        expect(stripSpans(parseFilter(formatFilter(ast)))).toEqual(stripSpans(ast))
      }),
      { seed: SEED, numRuns: 2000 },
    )
  })
})

/** Depth of a filter tree, walked with an explicit stack. */
function treeDepth(root: FilterNode | null): number {
  let deepest = 0
  const stack: [FilterNode, number][] = root === null ? [] : [[root, 1]]
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, depth] = top
    deepest = Math.max(deepest, depth)
    if (node.kind === 'and' || node.kind === 'or') for (const item of node.items) stack.push([item, depth + 1])
    else if (node.kind === 'not') stack.push([node.operand, depth + 1])
  }
  return deepest
}

function stripSpans(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node, (key, value: unknown) => (key === 'start' || key === 'end' || key === 'opSpan' ? undefined : value)))
}

const KEYWORDS = new Set(['and', 'or', 'not', 'in', 'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'contains', 'matches'])
const ANY_SPAN = { start: 0, end: 0 }

const fieldName = fc.oneof(
  fc.constantFrom(...FIELDS.flatMap((f) => [f.name, ...f.aliases])),
  fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_.-]{0,12}$/).filter((s) => !KEYWORDS.has(s.toLowerCase())),
)
/** Word-character text a value may be written as: no "..", no dot at either end (the range syntax needs them). */
const literalText = fc
  .stringMatching(/^[A-Za-z0-9_:/-]([A-Za-z0-9_.:/-]{0,14}[A-Za-z0-9_:/-])?$/)
  .filter((s) => !s.includes('..') && !KEYWORDS.has(s.toLowerCase()))
const value: fc.Arbitrary<FilterValue> = fc.oneof(
  literalText.map((text) => ({ kind: 'literal' as const, text, ...ANY_SPAN })),
  fc.string({ unit: 'binary', maxLength: 12 }).map((v) => ({ kind: 'string' as const, value: v, ...ANY_SPAN })),
)
const setItem: fc.Arbitrary<SetItem> = fc.oneof(
  value,
  fc.tuple(value, value).map(([low, high]) => ({ kind: 'range' as const, low, high, ...ANY_SPAN })),
)
const field = fieldName.map((name) => ({ name, ...ANY_SPAN }))
const leaf: fc.Arbitrary<FilterNode> = fc.oneof(
  field.map((f) => ({ kind: 'exists' as const, field: f, ...ANY_SPAN })),
  fc.record({
    field,
    op: fc.constantFrom('==', '!=', '<', '<=', '>', '>=', 'contains', 'matches' as const),
    value,
  }).map((c) => ({ kind: 'compare' as const, ...c, opSpan: ANY_SPAN, ...ANY_SPAN })),
  fc.tuple(field, fc.array(setItem, { minLength: 1, maxLength: 4 })).map(([f, items]) => ({ kind: 'in' as const, field: f, items, ...ANY_SPAN })),
)
const { tree: astArbitrary } = fc.letrec<{ tree: FilterNode }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('tree').map((operand) => ({ kind: 'not' as const, operand, ...ANY_SPAN })),
    fc.array(tie('tree'), { minLength: 2, maxLength: 4 }).map((items) => ({ kind: 'and' as const, items, ...ANY_SPAN })),
    fc.array(tie('tree'), { minLength: 2, maxLength: 4 }).map((items) => ({ kind: 'or' as const, items, ...ANY_SPAN })),
  ),
}))
