/**
 * Prints a filter's syntax tree in canonical form: symbolic operators, single spaces, parentheses only where
 * precedence needs them (and around a negated comparison, for the reader). parseFilter(formatFilter(ast)) gives
 * back the same tree (spans aside), which the property test checks.
 */
import type { FilterNode, FilterValue, SetItem } from './ast.ts'

export function formatFilter(node: FilterNode | null): string {
  if (node === null) return ''
  switch (node.kind) {
    case 'or':
      return node.items.map((n) => (n.kind === 'or' ? `(${formatFilter(n)})` : formatFilter(n))).join(' || ')
    case 'and':
      return node.items.map((n) => (n.kind === 'or' || n.kind === 'and' ? `(${formatFilter(n)})` : formatFilter(n))).join(' && ')
    case 'not': {
      const inner = formatFilter(node.operand)
      return node.operand.kind === 'not' || node.operand.kind === 'exists' ? `!${inner}` : `!(${inner})`
    }
    case 'exists':
      return node.field.name
    case 'compare':
      return `${node.field.name} ${node.op} ${formatValue(node.value)}`
    case 'in':
      return `${node.field.name} in {${node.items.map(formatItem).join(' ')}}`
  }
}

function formatItem(item: SetItem): string {
  return item.kind === 'range' ? `${formatValue(item.low)}..${formatValue(item.high)}` : formatValue(item)
}

export function formatValue(value: FilterValue): string {
  return value.kind === 'literal' ? value.text : quoteString(value.value)
}

/** A string as a filter literal: double quotes, with backslash escapes for quotes, backslashes and controls. */
export function quoteString(s: string): string {
  let out = '"'
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === 0x22) out += '\\"'
    else if (c === 0x5c) out += '\\\\'
    else if (c === 0x0a) out += '\\n'
    else if (c === 0x0d) out += '\\r'
    else if (c === 0x09) out += '\\t'
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`
    else out += s[i]
  }
  return out + '"'
}
