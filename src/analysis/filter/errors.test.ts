import { describe, expect, it } from 'vitest'
import { compileFilter } from './compile.ts'
import { FilterError } from './errors.ts'
import { tryCompileFilter } from './index.ts'
import { CONVERSATIONS_TABLE, ENDPOINTS_TABLE, FLOWS_TABLE, type FilterTable } from './tables.ts'

const F = FLOWS_TABLE
const E = ENDPOINTS_TABLE
const LONG_REGEX = `tls.sni matches "${'a'.repeat(257)}"`
const HUGE_HEX = `bytes > 0x${'f'.repeat(300)}`

// [filter, table, message, start, end]: start/end are the span the UI underlines.
const ERRORS: ReadonlyArray<readonly [string, FilterTable, string, number, number]> = [
  // The messages the issue asks for.
  ['ip.adr == 1.2.3.4', F, 'unknown field "ip.adr" — did you mean "ip.addr"?', 0, 6],
  ['tcp.port ==', F, 'expected a value after "=="', 11, 11],
  ['tls.sni contains example', F, '"contains" needs a string in double quotes, e.g. tls.sni contains "example"', 17, 24],
  ['(tcp', F, 'unbalanced parenthesis: this "(" is never closed', 0, 1],
  ['tcp)', F, 'unbalanced parenthesis: this ")" has no matching "("', 3, 4],
  ['ip.addr == 10.0.0.300', F, 'invalid IPv4 address "10.0.0.300"', 11, 21],
  ['tls.sni', E, '"tls.sni" is not available in the endpoints table', 0, 7],
  // Tokens.
  ['x'.repeat(4097), F, 'the filter is too long (4097 characters; the limit is 4096)', 4096, 4097],
  ['tcp.port = 80', F, 'use "==" to compare (a single "=" is not an operator)', 9, 10],
  ['tcp & udp', F, 'use "&&" or "and" to combine tests', 4, 5],
  ['tcp | udp', F, 'use "||" or "or" to combine tests', 4, 5],
  ['tcp # x', F, 'unexpected character "#"', 4, 5],
  ["tls.sni == 'a'", F, 'unexpected character "\'" (strings use double quotes)', 11, 12],
  ['tcp \u202e', F, 'unexpected character "\\u{202e}" (put text in double quotes)', 4, 5],
  ['tls.sni == bücher', F, 'unexpected character "ü" (put text in double quotes)', 12, 13],
  ['tls.sni == "a\\qb"', F, 'invalid escape "\\q" in a string (use \\\\, \\", \\n, \\t, \\xHH or \\uHHHH)', 13, 15],
  ['tls.sni == "a\\x4"', F, 'invalid escape "\\x4" in a string (use \\\\, \\", \\n, \\t, \\xHH or \\uHHHH)', 13, 16],
  ['tls.sni == "abc', F, 'unterminated string: add the closing double quote', 11, 15],
  // Syntax.
  ['tcp &&', F, 'expected a field name or "(" after "&&"', 6, 6],
  ['tcp && ==', F, 'expected a field name or "(" after "&&", found "=="', 7, 9],
  ['10.0.0.1', F, 'expected a field name, found "10.0.0.1" (compare a field with a value, e.g. ip.addr == 10.0.0.1)', 0, 8],
  ['tcp.port == )', F, 'expected a value after "==", found ")"', 12, 13],
  ['tcp.port == and', F, 'expected a value after "==", found "and"', 12, 15],
  ['tcp port 80', F, 'unexpected "port" after "tcp": expected "&&", "||" or an operator such as "=="', 4, 8],
  ['tcp.port in 80', F, 'expected "{" after "in", as in tcp.port in {80 443}', 12, 14],
  ['tcp.port in {80', F, 'unbalanced brace: this "{" is never closed', 12, 13],
  ['tcp.port in {}', F, 'empty set: list values between "{" and "}"', 12, 14],
  ['tcp.port in {..5}', F, 'a range needs a lower bound', 13, 16],
  ['tcp.port in {5..}', F, 'a range needs an upper bound after ".."', 16, 17],
  ['tcp.port in {(}', F, 'expected a value or "}" in the set, found "("', 13, 14],
  [`${'('.repeat(65)}tcp${')'.repeat(65)}`, F, 'the filter nests too deeply (more than 64 levels of parentheses and negations)', 64, 65],
  [`${'!'.repeat(65)}tcp`, F, 'the filter nests too deeply (more than 64 levels of parentheses and negations)', 64, 65],
  // Fields and tables.
  ['zzzzzz', F, 'unknown field "zzzzzz"', 0, 6],
  ['dns.qury == "a"', F, 'unknown field "dns.qury" — did you mean "dns.query"?', 0, 8],
  ['ip.src == 1.2.3.4', E, '"ip.src" is not available in the endpoints table (use ip.addr)', 0, 6],
  ['state == S0', CONVERSATIONS_TABLE, '"state" is not available in the conversations table', 0, 5],
  ['tx.bytes > 5', F, '"tx.bytes" is not available in the flows table', 0, 8],
  ['ip.src == ip.dst', F, '"ip.dst" is a field: comparing two fields is not supported, compare with a value', 10, 16],
  // Operators against field types.
  ['tcp == 1', F, '"tcp" is a protocol: use it on its own (e.g. "tcp && port == 53"), not with "=="', 4, 6],
  ['tcp in {1}', F, '"tcp" is a protocol: use it on its own (e.g. "tcp && port == 53"), not with "in"', 0, 3],
  ['bytes contains "1"', F, '"contains" applies to text fields; "bytes" is a size', 6, 14],
  ['ip.addr matches "1"', F, '"matches" applies to text fields; "ip.addr" is an address', 8, 15],
  ['tls.sni > "a"', F, '">" does not apply to text; use "==", "contains" or "matches"', 8, 9],
  ['handshake > 0', F, '">" does not apply to "handshake", which is true or false', 10, 11],
  ['ip.addr > 10.0.0.0/8', F, 'a network block can only be used with "==", "!=" or "in"', 10, 20],
  [LONG_REGEX, F, 'the regular expression is too long (the limit is 256 characters)', 16, 275],
  ['tls.sni matches "(a+)+$"', F, 'nested repetition such as "(a+)+" can take exponential time; simplify the pattern', 16, 24],
  ['tls.sni matches "(a"', F, 'invalid regular expression: Unterminated group', 16, 20],
  ['tls.sni in {"a".."b"}', F, 'ranges apply to numbers, sizes, durations, times and addresses, not to text', 12, 20],
  ['handshake in {0..1}', F, 'ranges do not apply to "handshake", which is true or false', 14, 18],
  ['ip.addr in {10.0.0.1..::1}', F, 'an address range needs two addresses of the same kind, without "/" prefixes', 12, 25],
  // Values.
  ['handshake == maybe', F, '"handshake" is true or false, not "maybe"', 13, 18],
  ['dns.rcode == NXDOMIAN', F, 'unknown value "NXDOMIAN" for "dns.rcode" — did you mean "NXDOMAIN"?', 13, 21],
  ['bytes == lots', F, 'invalid number "lots" for "bytes"', 9, 13],
  ['bytes > 5zb', F, 'unknown size unit "zb" (use B, kB, MB, GB, TB or KiB, MiB, GiB, TiB)', 8, 11],
  ['duration > 5y', F, 'unknown duration unit "y" (use us, ms, s, m, h or d)', 11, 13],
  ['packets > 5k', F, 'units apply to sizes and durations only; "packets" is a number', 10, 12],
  [HUGE_HEX, F, `number out of range: "0x${'f'.repeat(38)}…"`, 8, 310],
  ['start > "yesterday"', F, 'invalid date "yesterday" (use seconds since 1970 or "2024-01-01 12:00:00", in UTC)', 8, 19],
  ['start > 2024-02-30', F, 'invalid date "2024-02-30" (use seconds since 1970 or "2024-01-01 12:00:00", in UTC)', 8, 18],
  ['state == S9', F, 'unknown connection state "S9" (use S0, S1, SF, REJ, S2, S3, RSTO, RSTR, RSTOS0, RSTRH, SH, SHR or OTH)', 9, 11],
  ['ip.addr == 2001:db8:::1', F, 'invalid IPv6 address "2001:db8:::1"', 11, 23],
  ['ip.addr == example.com', F, 'expected an IP address, found "example.com" (host names are not looked up)', 11, 22],
  ['ip.addr == 10.0.0.0/33', F, 'invalid prefix length "/33" (0 to 32 for IPv4)', 11, 22],
  ['ip.addr == ::1/129', F, 'invalid prefix length "/129" (0 to 128 for IPv6)', 11, 18],
  ['eth.addr == aa:bb:cc:dd:ee', CONVERSATIONS_TABLE, 'invalid MAC address "aa:bb:cc:dd:ee" (use aa:bb:cc:dd:ee:ff)', 12, 26],
]

describe('filter errors', () => {
  it.each(ERRORS)('%s', (text, table, message, start, end) => {
    let error: unknown = null
    try {
      compileFilter(text, table)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(FilterError)
    const e = error as FilterError
    expect({ message: e.message, start: e.start, end: e.end }).toEqual({ message, start, end })
    expect(0 <= e.start && e.start <= e.end && e.end <= text.length).toBe(true)
  })

  it('returns errors as plain data from tryCompileFilter', () => {
    const r = tryCompileFilter('ip.adr == 1.2.3.4', FLOWS_TABLE)
    expect(r).toEqual({ ok: false, error: { message: 'unknown field "ip.adr" — did you mean "ip.addr"?', start: 0, end: 6 } })
    expect(structuredClone(r)).toEqual(r)
    const ok = tryCompileFilter('tcp', FLOWS_TABLE)
    expect(ok.ok && ok.filter.canonical).toBe('tcp')
  })

  it('accepts nesting up to the limit', () => {
    expect(() => compileFilter(`${'('.repeat(64)}tcp${')'.repeat(64)}`, FLOWS_TABLE)).not.toThrow()
    expect(() => compileFilter(`${'!'.repeat(64)}tcp`, FLOWS_TABLE)).not.toThrow()
    expect(() => compileFilter('x'.repeat(4096), FLOWS_TABLE)).toThrow('unknown field')
  })
})
