import { describe, expect, it } from 'vitest'
import { compileFilter } from './compile.ts'
import { filterFlowRecords } from './flow-adapter.ts'
import { defineTable, FLOWS_TABLE } from './tables.ts'
import { TEST_FLOWS } from './test-records.ts'
import { FIELDS } from './fields.ts'

const ALL = [1, 2, 3, 4, 5, 6, 7, 8]
const ids = (text: string, labelOf?: (id: number) => string | null): number[] =>
  filterFlowRecords(compileFilter(text, FLOWS_TABLE), TEST_FLOWS, labelOf && ((r) => labelOf(r.id))).map((r) => r.id)

// Flows (test-records.ts): 1 TLS 10.0.0.1 -> 93.184.216.34:443, 2 DNS NXDOMAIN 10.0.0.2 -> 8.8.8.8:53 (vlan 100),
// 3 S0 scan 10.0.0.3 -> 10.0.0.1:22, 4 HTTP over IPv6 :80, 5 ICMP 192.168.1.5 -> 10.0.0.1, 6 ARP,
// 7 QUIC 10.0.0.1 -> 142.250.1.1:443 (3 MB, 120 s), 8 DHCP 0.0.0.0:68 -> 255.255.255.255:67.
const CASES: ReadonlyArray<readonly [string, readonly number[]]> = [
  // The examples of the issue.
  ['ip.addr == 10.0.0.1 && tcp.port == 443', [1]],
  ['udp', [2, 7, 8]],
  ['bytes > 1000', [1, 4, 7]],
  ['tls.sni contains "example"', [1]],
  ['state == "S0"', [3, 8]],
  ['!dns', [1, 3, 4, 5, 6, 7, 8]],
  // Multi-valued fields: == is "any", != is "all not equal" and needs the field.
  ['ip.addr == 10.0.0.1', [1, 3, 5, 7]],
  ['ip.addr != 10.0.0.1', [2, 4, 8]],
  ['!(ip.addr == 10.0.0.1)', [2, 4, 6, 8]],
  ['ip.addr ne 10.0.0.1', [2, 4, 8]],
  ['tcp.port != 443', [3, 4]],
  ['port == 443', [1, 7]],
  ['ip.src == 10.0.0.1', [1, 7]],
  ['ip.dst eq 10.0.0.1', [3, 5]],
  // CIDR, IPv6, ordering and ranges of addresses.
  ['ip.addr == 10.0.0.0/8', [1, 2, 3, 5, 7]],
  ['ip.src == 10.0.0.0/24 && ip.dst != 10.0.0.0/8', [1, 2, 7]],
  ['ip.addr == 2001:db8::/32', [4]],
  ['ipv6.addr == 2001:DB8:0:0:0:0:0:80', [4]],
  ['ip.addr == ::/0', [4]],
  ['ip.addr == 0.0.0.0/0', [1, 2, 3, 5, 7, 8]],
  ['ip.dst > 100.0.0.0', [7, 8]],
  ['ip.dst in {8.8.8.8 10.0.0.0..10.0.0.255}', [2, 3, 5]],
  ['ip', [1, 2, 3, 5, 7, 8]],
  ['ipv6', [4]],
  // Ports, sets and ranges.
  ['tcp.port in {22 80}', [3, 4]],
  ['port in {1..1024}', [1, 2, 3, 4, 7, 8]],
  ['port in {1 .. 100, 443}', [1, 2, 3, 4, 7, 8]],
  ['tcp.port not in {443}', [2, 3, 4, 5, 6, 7, 8]],
  ['udp.srcport == 68 and udp.dstport == 67', [8]],
  ['src.port == 0x44', [8]],
  ['dst.port >= 443', [1, 7]],
  ['tcp.dstport < 80', [3]],
  ['udp.port == 22', []],
  // Protocols and applications.
  ['tcp', [1, 3, 4]],
  ['icmp', [5]],
  ['arp', [6]],
  ['not tcp and not udp', [5, 6]],
  ['tls', [1]],
  ['quic', [7]],
  ['http', [4]],
  ['dhcp', [8]],
  ['proto == 6', [1, 3, 4]],
  ['proto == UDP', [2, 7, 8]],
  ['ip.proto == tcp', [1, 3, 4]],
  ['ip.proto in {1 17}', [2, 5, 7, 8]],
  ['app == "quic" || app == dhcp', [7, 8]],
  ['app in {ssh http}', [3, 4]],
  // Sizes, durations, times.
  ['bytes >= 3MB', [7]],
  ['bytes > 2.9MiB', []],
  ['bytes.orig > 1kB', [7]],
  ['src.bytes > 1kB', [7]],
  ['bytes.resp >= 4.5kB && bytes.resp < 1MB', [1]],
  ['packets == 1', [3, 8]],
  ['packets.orig > 5 && packets.resp > 3', [1, 7]],
  ['duration >= 2s && duration < 2m', [1]],
  ['duration > 1m', [7]],
  ['duration == 30ms', [2]],
  ['start >= "2024-01-01 12:00:00"', [1, 3, 4, 5, 6, 7, 8]],
  ['start < 2024-01-01T12:00:00Z', [2]],
  ['end > "2024-01-01 12:02"', [7]],
  ['start == 1704110400', [1, 5, 6]],
  ['rtt < 50ms', [1]],
  ['retrans >= 2', [1]],
  // Text fields.
  ['tls.alpn == "h2"', [1]],
  ['tls.alpn != "h2"', []],
  ['tls.alpn', [1]],
  ['tls.sni', [1, 7]],
  ['tls.sni matches "^WWW\\\\.[a-z]+\\\\.com$"', [1, 7]],
  ['tls.sni ~ "google"', [7]],
  ['tls.sni == "WWW.EXAMPLE.COM"', []],
  ['tls.sni != "www.example.com"', [7]],
  ['tls.ja3 == e7d705a3286e19ea42f587b344ee6865', [1]],
  ['tls.ja4 contains "h2"', [1]],
  ['dns.qry.name contains "example"', [2]],
  ['dns.query == "nosuch.example.org"', [2]],
  ['dns.rcode == NXDOMAIN', [2]],
  ['dns.rcode == 3 && dns.qtype == A', [2]],
  ['http.host == example.net', [4]],
  ['dhcp.hostname contains "lap"', [8]],
  ['state in {S0 REJ}', [3, 8]],
  ['state == sf', [1, 2, 7]],
  ['history contains "F"', [1]],
  ['vlan == 100', [2]],
  ['vlan', [2]],
  // Booleans, keywords, precedence.
  ['handshake', [1, 4]],
  ['handshake == false', [2, 3, 5, 6, 7, 8]],
  ['tunnel', []],
  ['tcp || udp && dns', [1, 2, 3, 4]],
  ['(tcp || udp) && !dns', [1, 3, 4, 7, 8]],
  ['!!tcp', [1, 3, 4]],
  ['TCP AND Port EQ 22', [3]],
  ['', ALL],
  ['   ', ALL],
]

describe('display filter over flows', () => {
  it.each(CASES)('%s', (text, expected) => {
    expect(ids(text)).toEqual(expected)
  })

  it('reads labels the table supplies', () => {
    expect(ids('label == "attack"', (id) => (id === 3 ? 'attack' : null))).toEqual([3])
    expect(ids('label', (id) => (id % 2 === 0 ? 'benign' : null))).toEqual([2, 4, 6, 8])
  })

  it('gives the canonical form and the fields used', () => {
    const f = compileFilter('not ip.addr eq 10.0.0.1 and (tcp or udp) and tls.sni contains "a\\"b"', FLOWS_TABLE)
    expect(f.canonical).toBe('!(ip.addr == 10.0.0.1) && (tcp || udp) && tls.sni contains "a\\"b"')
    expect(f.fields).toEqual(['ip.addr', 'tcp', 'udp', 'tls.sni'])
  })

  it('resolves aliases to one field', () => {
    expect(ids('dns.name == "nosuch.example.org"')).toEqual(ids('dns.qry.name == "nosuch.example.org"'))
    expect(compileFilter('dst.bytes > 0 && conn_state == SF', FLOWS_TABLE).fields).toEqual(['bytes.resp', 'state'])
  })

  it('describes every field and keeps names unique', () => {
    const names = FIELDS.flatMap((f) => [f.name, ...f.aliases])
    expect(new Set(names).size).toBe(names.length)
    for (const f of FIELDS) expect(f.description.length).toBeGreaterThan(2)
  })

  it('lets a table with every field use the fields flows lack', () => {
    const all = defineTable('everything', FIELDS.map((f) => f.name))
    expect(() => compileFilter('http.method == get && http.user_agent contains "curl" && eth.addr == aa:bb:cc:dd:ee:ff', all)).not.toThrow()
    expect(compileFilter('http.method == get', all).canonical).toBe('http.method == get')
  })
})
