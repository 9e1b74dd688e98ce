/**
 * The leaves of a compiled filter: closures that read one field of a FilterRecord and test its values.
 * Multi-valued fields (ip.addr, tcp.port, tls.alpn, ...) follow Wireshark 4 (wireshark-filter(4), "Comparing
 * multiple occurrences"): every operator is true when ANY value satisfies it, except "!=", which is "all not
 * equal": true when the field has at least one value and NONE equals (so `ip.addr != 10.0.0.1` drops every row
 * that touches 10.0.0.1, and is false, like any comparison, for rows without the field).
 * Nothing here allocates per row: values are parsed at compile time and addresses go into one scratch buffer.
 */
import type { FieldAccess, PresenceTest } from './fields.ts'
import { MAX_VALUES_PER_FIELD, type AddrKey, type FilterRecord, type NumKey, type StrKey } from './record.ts'
import type { AddressPattern } from './values.ts'

export type RowTest = (r: FilterRecord) => boolean

/** How the values of a row are combined: true when any satisfies `pred`, or (for "!=", with `pred` testing equality) when there are values and none satisfies it. */
export type Quantifier = 'any' | 'allNot'

export function numberTest(access: FieldAccess & { kind: 'num' }, pred: (v: number) => boolean, quantifier: Quantifier): RowTest {
  const keys: readonly NumKey[] = access.keys
  const n = keys.length
  const guard = access.ipProto ?? -1
  const any = quantifier === 'any'
  return (r) => {
    if (guard >= 0 && r.num('ipProto') !== guard) return false
    let seen = false
    for (let i = 0; i < n; i++) {
      const v = r.num(keys[i])
      if (v === null) continue
      seen = true
      if (pred(v)) return any
    }
    return !any && seen
  }
}

export function textTest(key: StrKey, pred: (s: string) => boolean, quantifier: Quantifier): RowTest {
  const any = quantifier === 'any'
  return (r) => {
    let seen = false
    for (let i = 0; i < MAX_VALUES_PER_FIELD; i++) {
      const s = r.str(key, i)
      if (s === null) break
      seen = true
      if (pred(s)) return any
    }
    return !any && seen
  }
}

/** `pred` sees the kind and the words the record wrote into the scratch buffer. */
export function addressTest(keys: readonly AddrKey[], family: 'ip' | 'mac', pred: (kind: number, words: Uint32Array) => boolean, quantifier: Quantifier): RowTest {
  const scratch = new Uint32Array(4)
  const n = keys.length
  const any = quantifier === 'any'
  return (r) => {
    let seen = false
    for (let i = 0; i < n; i++) {
      const kind = r.addr(keys[i], scratch)
      if (!(family === 'mac' ? kind === 48 : kind === 4 || kind === 6)) continue
      seen = true
      if (pred(kind, scratch)) return any
    }
    return !any && seen
  }
}

export function matchesPattern(p: AddressPattern, kind: number, words: Uint32Array): boolean {
  if (kind !== p.kind) return false
  const { net, mask } = p
  // Unrolled: unused words have mask 0 and net 0.
  return (words[0] & mask[0]) >>> 0 === net[0] && (words[1] & mask[1]) >>> 0 === net[1] && (words[2] & mask[2]) >>> 0 === net[2] && (words[3] & mask[3]) >>> 0 === net[3]
}

/** True when the row has the field at all (a bare field name in a filter). */
export function existsTest(access: FieldAccess): RowTest {
  switch (access.kind) {
    case 'num':
      return numberTest(access, () => true, 'any')
    case 'str':
      return textTest(access.key, () => true, 'any')
    case 'addr':
      return addressTest(access.keys, access.family, () => true, 'any')
    case 'present':
      return presenceTest(access.any)
  }
}

function presenceTest(tests: readonly PresenceTest[]): RowTest {
  const parts: RowTest[] = tests.map((t): RowTest => {
    if ('num' in t) return (r) => r.num(t.num) === t.equals
    if ('addr' in t) {
      const scratch = new Uint32Array(4)
      return (r) => r.addr(t.addr, scratch) === t.kind
    }
    const oneOf = t.oneOf === undefined ? null : new Set(t.oneOf)
    return (r) => {
      const s = r.str(t.str, 0)
      return s !== null && (oneOf === null || oneOf.has(s))
    }
  })
  const n = parts.length
  return (r) => {
    for (let i = 0; i < n; i++) if (parts[i](r)) return true
    return false
  }
}
