/**
 * Filtering over the flow columns (FlowColumnRecord) must select exactly the flows that filtering over
 * FlowRecord objects (FlowRecordAccessor) selects: random filters over every flow field, built from values
 * that occur in two real analyses (the LAN test capture and the built-in web-mix sample), live and restored
 * from a snapshot.
 */
import fc from 'fast-check'
import { beforeAll, describe, expect, it } from 'vitest'
import { buildWebMix } from '../../../scripts/make-samples.ts'
import type { CaptureAnalysis } from '../capture-analysis.ts'
import { FLOWS_TABLE, FlowRecordAccessor, tryCompileFilter } from '../filter/index.ts'
import { exploreData } from './explore-source.ts'
import { exploreSnapshot } from './explore-snapshot.ts'
import { validateExploreSnapshot } from './explore-snapshot-validate.ts'
import { FlowColumnRecord } from './flow-column-record.ts'
import { analyzeBytes, lanCaptureBytes } from './test-capture.ts'

const SEED = 20240613
console.log(`flow column filter property: fast-check seed ${SEED}`)

const ATOMS = [
  'tcp', 'udp', 'icmp', 'arp', 'dns', 'tls', 'http', 'dhcp', 'quic', 'ip', 'ipv6', 'eth', 'handshake', 'tunnel',
  'ip.addr == 10.0.0.5', 'ip.src == 10.0.0.10', 'ip.dst in {10.0.0.53 192.168.1.1}', 'ip.addr == 203.0.113.0/24', 'ip.addr == 192.168.1.23',
  'ipv6.addr == 2001:db8::/32', 'eth.src == 02:00:00:00:00:0a', 'eth.addr == 02:1a:2b:3c:4d:01', 'eth.dst == 02:00:00:00:00:01',
  'tcp.port == 80', 'tcp.port == 443', 'udp.port == 53', 'port in {1..1024}', 'src.port > 50000', 'dst.port != 80', 'tcp.dstport == 22',
  'bytes > 1000', 'bytes <= 200', 'packets >= 8', 'bytes.orig > 400', 'bytes.resp < 100', 'packets.resp == 0', 'duration > 0.1',
  'duration < 10ms', 'rtt > 20ms', 'rtt < 5ms', 'retrans > 0', 'retrans == 0', 'state == SF', 'state == REJ', 'state in {S0 OTH}',
  'history contains "F"', 'history == "Dd"', 'proto == udp', 'proto == 1', 'ip.proto == 6', 'app == https', 'app == dns',
  'tls.sni contains "example"', 'tls.sni matches "^www"', 'tls.alpn == "h2"', 'dns.qry.name contains "example"', 'dns.answer == "10.0.0.5"',
  'dns.qry.type == A', 'dns.qry.type == AAAA', 'dns.rcode == NOERROR', 'http.host == "example.com"', 'http.method == GET',
  'http.uri contains "big"', 'http.user_agent contains "curl"', 'http.user_agent matches "firefox"', 'tls.ja3 contains "a"', 'tls.ja4 contains "t13"',
  'start > "2024-05-01 09:00:10"', 'end < 1714554010', 'vlan == 5', 'label == "x"',
]

const filterText: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...ATOMS),
    fc.tuple(tie('expr'), fc.constantFrom('&&', '||'), tie('expr')).map(([a, op, b]) => `(${a}) ${op} (${b})`),
    tie('expr').map((e) => `!(${e})`),
  ),
})).expr

let analyses: CaptureAnalysis[] = []

beforeAll(async () => {
  analyses = [await analyzeBytes(lanCaptureBytes(), 'lan.pcap'), await analyzeBytes(buildWebMix().bytes, 'web-mix.pcapng')]
})

function idsByRecords(analysis: CaptureAnalysis, test: (r: FlowRecordAccessor) => boolean): number[] {
  const accessor = new FlowRecordAccessor()
  return analysis.flows.toRecords(analysis.ctx, { limit: 100000 }).filter((r) => test(accessor.set(r))).map((r) => r.id)
}

function idsByColumns(input: Parameters<typeof exploreData>[0], test: (r: FlowColumnRecord) => boolean): number[] {
  const data = exploreData(input)
  const record = new FlowColumnRecord(data)
  const out: number[] = []
  for (let id = 0; id < data.flows.count; id++) if (test(record.set(id))) out.push(id)
  return out
}

describe('filter over flow columns', () => {
  it('every atom compiles for the flows table and selects something in at least one capture, or nothing in both for a reason', () => {
    for (const atom of ATOMS) expect(tryCompileFilter(atom, FLOWS_TABLE).ok, atom).toBe(true)
    const selecting = ATOMS.filter((atom) => {
      const f = tryCompileFilter(atom, FLOWS_TABLE)
      return f.ok && analyses.some((a) => idsByColumns(a, (r) => f.filter.test(r)).length > 0)
    })
    // Most atoms must bite, or the property below would compare empty sets.
    expect(selecting.length).toBeGreaterThan(ATOMS.length * 0.75)
  })

  it('selects the same flows as the filter over FlowRecord, live and from a stored snapshot', () => {
    const stored = analyses.map((a) => validateExploreSnapshot(structuredClone(exploreSnapshot(a))))
    fc.assert(
      fc.property(filterText, fc.integer({ min: 0, max: analyses.length - 1 }), (text, k) => {
        const compiled = tryCompileFilter(text, FLOWS_TABLE)
        if (!compiled.ok) throw new Error(`${text}: ${compiled.error.message}`)
        const f = compiled.filter
        const expected = idsByRecords(analyses[k], (r) => f.test(r))
        expect(idsByColumns(analyses[k], (r) => f.test(r))).toEqual(expected)
        expect(idsByColumns(stored[k], (r) => f.test(r))).toEqual(expected)
      }),
      { seed: SEED, numRuns: 600 },
    )
  })
})
