/**
 * Turns the values typed in a filter into what a field compares against: numbers (with size and duration
 * units, symbolic names, dates), address patterns (CIDR blocks become a masked network), canonical text.
 * All of this runs once, when the filter is compiled; each failure is a FilterError pointing at the value.
 */
import { AddrKind } from '../../model/address-table.ts'
import { parseIPv4, parseIPv6Into, parseMacInto, wordsOf } from './addresses.ts'
import type { FilterValue } from './ast.ts'
import { FilterError, quote } from './errors.ts'
import { type FieldDef, lookupField } from './fields.ts'
import { closest } from './suggest.ts'

/** An address or network: matches addresses of `kind` whose words, masked, equal `net`. */
export interface AddressPattern {
  readonly kind: number
  readonly net: Uint32Array
  readonly mask: Uint32Array
  /** True for a CIDR block shorter than the full address. */
  readonly isBlock: boolean
}

const SIZE_UNITS: Readonly<Record<string, number>> = {
  '': 1, b: 1, k: 1e3, kb: 1e3, m: 1e6, mb: 1e6, g: 1e9, gb: 1e9, t: 1e12, tb: 1e12,
  kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4,
}
const DURATION_UNITS: Readonly<Record<string, number>> = {
  '': 1, us: 1e-6, ms: 1e-3, s: 1, sec: 1, m: 60, min: 60, h: 3600, d: 86400,
}
const NUMBER = /^(-?)(0x[0-9a-f]+|\d+(?:\.\d+)?|\.\d+)([a-z]*)$/i
const DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?Z?$/

function textOf(value: FilterValue): string {
  return value.kind === 'literal' ? value.text : value.value
}

function fail(message: string, value: FilterValue): never {
  throw new FilterError(message, value.start, value.end)
}

/** A literal that failed as a value but names a field: the user meant a field-to-field comparison. */
function failOrFieldHint(message: string, value: FilterValue): never {
  if (value.kind === 'literal' && lookupField(value.text) !== undefined) {
    fail(`${quote(value.text)} is a field: comparing two fields is not supported, compare with a value`, value)
  }
  fail(message, value)
}

/** The number a value stands for in a number, size, duration, time or bool field. */
export function numberValue(value: FilterValue, def: FieldDef): number {
  const text = textOf(value).trim()
  if (def.type === 'bool') {
    const t = text.toLowerCase()
    if (t === 'true' || t === '1') return 1
    if (t === 'false' || t === '0') return 0
    return failOrFieldHint(`${quote(def.name)} is true or false, not ${quote(text)}`, value)
  }
  const named = def.names?.[text.toLowerCase()]
  if (named !== undefined) return named
  const m = NUMBER.exec(text)
  if (m === null) {
    if (def.type === 'time') return dateValue(text, value)
    if (def.names !== undefined) {
      const guess = closest(text, Object.keys(def.names))
      const hint = guess === null ? '' : ` — did you mean ${quote(guess.toUpperCase())}?`
      return failOrFieldHint(`unknown value ${quote(text)} for ${quote(def.name)}${hint}`, value)
    }
    return failOrFieldHint(`invalid number ${quote(text)} for ${quote(def.name)}`, value)
  }
  const [, sign, digits, unitText] = m
  const magnitude = digits.toLowerCase().startsWith('0x') ? parseInt(digits.slice(2), 16) : Number(digits)
  const unit = unitText.toLowerCase()
  let scale = 1
  if (def.type === 'size') {
    const s = SIZE_UNITS[unit]
    if (s === undefined) fail(`unknown size unit ${quote(unitText)} (use B, kB, MB, GB, TB or KiB, MiB, GiB, TiB)`, value)
    scale = s
  } else if (def.type === 'duration') {
    const s = DURATION_UNITS[unit]
    if (s === undefined) fail(`unknown duration unit ${quote(unitText)} (use us, ms, s, m, h or d)`, value)
    scale = s
  } else if (unit !== '') {
    fail(`units apply to sizes and durations only; ${quote(def.name)} is a ${def.type === 'time' ? 'time' : 'number'}`, value)
  }
  const n = magnitude * scale * (sign === '-' ? -1 : 1)
  if (!Number.isFinite(n)) fail(`number out of range: ${quote(text)}`, value)
  return n
}

/** "2024-01-01", "2024-01-01 12:00", "2024-01-01T12:00:00.5Z": UTC, as seconds since 1970. */
function dateValue(text: string, value: FilterValue): number {
  const m = DATE.exec(text)
  const bad = `invalid date ${quote(text)} (use seconds since 1970 or "2024-01-01 12:00:00", in UTC)`
  if (m === null) return fail(bad, value)
  const [y, mo, d, h, mi, s] = [m[1], m[2], m[3], m[4] ?? '0', m[5] ?? '0', m[6] ?? '0'].map(Number)
  const ms = Date.UTC(y, mo - 1, d, h, mi, s)
  const back = new Date(ms)
  // Date.UTC rolls 2024-02-30 over to March; a date that does not come back unchanged was not a real one.
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return fail(bad, value)
  return ms / 1000 + (m[7] === undefined ? 0 : Number(m[7]))
}

/** The text a value stands for in a text field, canonicalised by the field (state names upper-case, ...). */
export function textValue(value: FilterValue, def: FieldDef): string {
  const text = textOf(value)
  if (def.normalize === undefined) return text
  const canonical = def.normalize(text)
  if (canonical !== null) return canonical
  if (def.type === 'state') return failOrFieldHint(`unknown connection state ${quote(text)} (use S0, S1, SF, REJ, S2, S3, RSTO, RSTR, RSTOS0, RSTRH, SH, SHR or OTH)`, value)
  return failOrFieldHint(`invalid value ${quote(text)} for ${quote(def.name)}`, value)
}

/** An address or CIDR block for an address field: IPv4 or IPv6 for ip.*, MAC for eth.*. */
export function addressValue(value: FilterValue, def: FieldDef): AddressPattern {
  const text = textOf(value).trim()
  const net = new Uint32Array(4)
  const mask = new Uint32Array(4)
  const access = def.access
  if (access.kind === 'addr' && access.family === 'mac') {
    if (!parseMacInto(text, net)) failOrFieldHint(`invalid MAC address ${quote(text)} (use aa:bb:cc:dd:ee:ff)`, value)
    mask[0] = 0xffffffff
    mask[1] = 0xffff
    return { kind: AddrKind.MAC, net, mask, isBlock: false }
  }
  const slash = text.indexOf('/')
  const addrText = slash < 0 ? text : text.slice(0, slash)
  let kind: number
  if (/^[\d.]+$/.test(addrText)) {
    const v4 = parseIPv4(addrText)
    if (v4 < 0) fail(`invalid IPv4 address ${quote(addrText)}`, value)
    net[0] = v4
    kind = AddrKind.IPv4
  } else if (addrText.includes(':')) {
    if (!parseIPv6Into(addrText, net)) fail(`invalid IPv6 address ${quote(addrText)}`, value)
    kind = AddrKind.IPv6
  } else {
    return failOrFieldHint(`expected an IP address, found ${quote(text)} (host names are not looked up)`, value)
  }
  const bits = kind === AddrKind.IPv4 ? 32 : 128
  const prefixText = slash < 0 ? String(bits) : text.slice(slash + 1)
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : -1
  if (prefix < 0 || prefix > bits) fail(`invalid prefix length ${quote('/' + prefixText)} (0 to ${bits} for IPv${kind === AddrKind.IPv4 ? 4 : 6})`, value)
  for (let w = 0; w < wordsOf(kind); w++) {
    const keep = Math.min(32, Math.max(0, prefix - 32 * w))
    mask[w] = keep === 0 ? 0 : (0xffffffff << (32 - keep)) >>> 0
    net[w] = (net[w] & mask[w]) >>> 0
  }
  return { kind, net, mask, isBlock: prefix < bits }
}
