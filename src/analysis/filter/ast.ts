/**
 * The syntax tree of a display filter, as the parser builds it and `formatFilter` prints it. Values stay as the
 * text the user typed (`literal`) or the decoded string (`string`): what "10", "1.5MB" or "tcp" means depends on
 * the field it is compared with, which compile.ts decides. Every node carries its span in the filter text so
 * errors found while compiling can point at it.
 */

export interface Span {
  readonly start: number
  readonly end: number
}

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'contains' | 'matches'

export interface FieldRef extends Span {
  /** As typed (compile.ts resolves case and aliases). */
  readonly name: string
}

/** An unquoted value: a number, address, CIDR block, MAC, unit-suffixed size or duration, or a bare word. */
export interface LiteralValue extends Span {
  readonly kind: 'literal'
  readonly text: string
}

/** A quoted string, escapes already decoded. */
export interface StringValue extends Span {
  readonly kind: 'string'
  readonly value: string
}

export type FilterValue = LiteralValue | StringValue

/** `low..high` inside a set, both ends included. */
export interface RangeItem extends Span {
  readonly kind: 'range'
  readonly low: FilterValue
  readonly high: FilterValue
}

export type SetItem = FilterValue | RangeItem

export type FilterNode =
  | (Span & { readonly kind: 'or'; readonly items: readonly FilterNode[] })
  | (Span & { readonly kind: 'and'; readonly items: readonly FilterNode[] })
  | (Span & { readonly kind: 'not'; readonly operand: FilterNode })
  | (Span & { readonly kind: 'exists'; readonly field: FieldRef })
  | (Span & { readonly kind: 'compare'; readonly field: FieldRef; readonly op: CompareOp; readonly opSpan: Span; readonly value: FilterValue })
  | (Span & { readonly kind: 'in'; readonly field: FieldRef; readonly items: readonly SetItem[] })
