/** The flow suite's own helpers, tested without the corpus. */
import { describe, expect, it } from 'vitest'
import type { FileResult } from './corpus-runner.ts'
import { reconcile } from './difference-list.ts'
import type { Connection, FlowDigest } from './flow-digest.ts'
import { canonicalAddress } from './ip-text.ts'
import { parseKnownDifferences } from './known-differences.ts'
import { admitsTarget, type FlowCheck } from './suricata-checks.ts'
import { evaluateCheck } from './suricata-compare.ts'
import { compareWithTshark, oursText } from './wireshark-flows.ts'
import { parseYaml } from './yaml-subset.ts'
import { compareConnLog } from './zeek-compare.ts'
import { parseConnLog, parseTraceMap } from './zeek-conn-log.ts'

const conn = (over: Partial<Connection>): Connection => ({
  proto: 'tcp', origAddr: '10.0.0.1', origPort: 40000, respAddr: '10.0.0.2', respPort: 80, vlan: null, first: 100,
  state: 'SF', history: 'ShADadFf', origPkts: 5, respPkts: 4, origBytes: 500, respBytes: 400, tunnel: false, ...over,
})

describe('parseYaml (test.yaml subset)', () => {
  it('reads mappings, "- key:" sequence items, scalars, quotes, flow sequences, comments and folded plain scalars', () => {
    const text = [
      'requires:',
      '  min-version: 8',
      'pcap: ../x/input.pcap # shared capture',
      'args:',
      '- -k none',
      'checks:',
      '  - filter:',
      '      count: 2',
      '      match:',
      '        event_type: flow',
      "        email.from: '\"A\" <a@b>'",
      '        dest_ip: "2001:db8::1"',
      '        txt: ["a,b", c]',
      '        flow.alerted: false',
      '        sig: a long line',
      '          that continues',
    ].join('\n')
    expect(parseYaml(text)).toEqual({
      requires: { 'min-version': 8 },
      pcap: '../x/input.pcap',
      args: ['-k none'],
      checks: [{ filter: { count: 2, match: { event_type: 'flow', 'email.from': '"A" <a@b>', dest_ip: '2001:db8::1', txt: ['a,b', 'c'], 'flow.alerted': false, sig: 'a long line that continues' } } }],
    })
  })

  it('rejects a line that is not "key: value" inside a mapping', () => {
    expect(() => parseYaml('a: 1\nnot a mapping line')).toThrow(/line 2/)
  })
})

describe('suricata checks', () => {
  it('admits Suricata 8 for min-version <= 8 and lt-version > 8 only', () => {
    expect(admitsTarget(undefined)).toBe(true)
    expect(admitsTarget({ 'min-version': '7.0.0' })).toBe(true)
    expect(admitsTarget({ 'min-version': 9 })).toBe(false)
    expect(admitsTarget({ 'lt-version': 8 })).toBe(false)
    expect(admitsTarget({ 'lt-version': '8.0.1' })).toBe(true)
  })

  const check = (match: FlowCheck['match'], count: number | null = 1): FlowCheck => ({ test: 't', index: 3, count, match, pcap: '/x' })

  it('matches a flow either way round and compares per-direction counts from the src side', () => {
    const c = conn({ origAddr: '10.0.0.2', origPort: 80, respAddr: '10.0.0.1', respPort: 40000 })
    const m = { event_type: 'flow', proto: 'TCP', src_ip: '10.0.0.1', src_port: 40000, 'flow.pkts_toserver': 4, 'flow.bytes_toclient': 500 }
    expect(evaluateCheck(check(m), [c]).pass).toBe(true)
    const wrong = evaluateCheck(check({ ...m, 'flow.pkts_toserver': 5 }), [c])
    expect(wrong.pass).toBe(false)
    expect(wrong.observed).toMatchObject({ subject: 't', field: 'check 3', ours: '0 matching of 1 selected (4/400 to server, 5/500 to client)' })
  })

  it('counts matching flows against the check count, and compares IPv6 addresses in any spelling', () => {
    const flows = [conn({ proto: 'icmpv6', origAddr: '2001:db8::1', origPort: 128, respPort: 129 }), conn({ proto: 'icmpv6', origAddr: '2001:db8::1', origPort: 128, respPort: 129 })]
    const m = { event_type: 'flow', proto: 'IPV6-ICMP', src_ip: '2001:0db8:0000:0000:0000:0000:0000:0001', 'flow.pkts_toserver': 5 }
    expect(evaluateCheck(check(m, 2), flows).pass).toBe(true)
    expect(evaluateCheck(check(m, 1), flows).pass).toBe(false)
    expect(evaluateCheck(check(m, null), flows).pass).toBe(true)
  })
})

describe('canonicalAddress', () => {
  it('spells IPv6 one way and leaves IPv4 and other text alone', () => {
    expect(canonicalAddress('2001:db8::1')).toBe('2001:0db8:0000:0000:0000:0000:0000:0001')
    expect(canonicalAddress('2001:0DB8:0:0:0:0:0:1')).toBe('2001:0db8:0000:0000:0000:0000:0000:0001')
    expect(canonicalAddress('::ffff:1.2.3.4')).toBe('0000:0000:0000:0000:0000:ffff:0102:0304')
    expect(canonicalAddress('10.0.0.1')).toBe('10.0.0.1')
    expect(canonicalAddress('not:an::address::')).toBe('not:an::address::')
  })
})

describe('Zeek conn.log comparison', () => {
  const LOG = [
    '#separator \\x09',
    '#unset_field\t-',
    '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tconn_state\thistory',
    'XXXXXXXXXX.XXXXXX\tC1\t10.0.0.1\t40000\t10.0.0.2\t80\ttcp\tSF\tShADadFf',
    'XXXXXXXXXX.XXXXXX\tC2\t10.0.0.1\t40000\t10.0.0.2\t80\ttcp\tS0\tS',
    'XXXXXXXXXX.XXXXXX\tC3\t10.0.0.1\t8\t10.0.0.2\t0\ticmp\tOTH\t-',
  ].join('\n')

  it('parses TSV logs (masked times as null, unset fields as null) and zeek-cut extracts', () => {
    const log = parseConnLog(LOG)
    expect(log.rows).toHaveLength(3)
    expect(log.rows[0]).toMatchObject({ ts: null, proto: 'tcp', origP: '40000', connState: 'SF' })
    expect(log.rows[2].history).toBeNull()
    expect(parseConnLog('### btest\nhistory\nShADaFf\nDd\n').rows.map((r) => r.history)).toEqual(['ShADaFf', 'Dd'])
  })

  it('pairs connections sharing a 5-tuple as multisets and reports count and conn_state differences', () => {
    const log = parseConnLog(LOG)
    const ours = [conn({ first: 1 }), conn({ first: 2, state: 'S0', history: 'S' }), conn({ proto: 'icmp', origPort: 8, respPort: 0, state: 'OTH', history: '' })]
    expect(compareConnLog('b/conn.log', log, ours)).toMatchObject({ observed: [], statesCompared: 3, statesEqual: 3, historiesEqual: 3 })
    const differing = compareConnLog('b/conn.log', log, [ours[0], conn({ first: 2, state: 'REJ' }), conn({ proto: 'udp' })])
    expect(differing.observed).toEqual([
      { subject: 'b/conn.log', field: 'connections', ours: '3 (1 not in conn.log)', expected: '3 (1 not found in ours)' },
      { subject: 'b/conn.log', field: 'conn_state', ours: 'REJ', expected: 'S0' },
    ])
  })

  it('with real times pairs by start time within the tolerance', () => {
    const log = parseConnLog(LOG.replaceAll('XXXXXXXXXX.XXXXXX', '100.000000'))
    const ours = [conn({ first: 100.0004 }), conn({ first: 100.5, state: 'S0', history: 'S' }), conn({ proto: 'icmp', origPort: 8, respPort: 0, first: 100, state: 'OTH' })]
    const c = compareConnLog('b', log, ours)
    // Both TCP rows start at 100: the first takes the connection at 100.0004; nothing is within 1 ms for the second.
    expect(c.observed[0]).toEqual({ subject: 'b', field: 'connections', ours: '3 (1 not in conn.log)', expected: '3 (1 not found in ours)' })
  })

  it('reads the trace map', () => {
    const map = parseTraceMap('# c\nbtest\tlog\ttrace\tevidence\tcomparable\nx\tconn.log\tpcap/a.pcap\tname\tyes\ny\tconn.log\tpcap/b.pcap\tname\tno: BPF filter\n')
    expect(map.map((m) => [m.btest, m.comparable])).toEqual([['x', true], ['y', false]])
  })
})

describe('tshark comparison and the differences lists', () => {
  const digest = (tcp: number, udp: number, flowsUdp = udp): FlowDigest => ({
    flowMode: 'wireshark', conversations: { tcp, udp }, flows: { tcp, udp: flowsUdp }, connections: null,
  })
  const result = (path: string, d: FlowDigest): FileResult<FlowDigest> => ({ path, size: 10, ms: 1, result: { kind: 'ok', summary: d } })
  const entry = (tcp: number | null, udp: number | null) => ({ size: 10, tcpConversations: tcp, udpConversations: udp, exitCode: 0, timedOut: false, warning: null })

  it('compares statistics and flow table with tshark per capture', () => {
    const c = compareWithTshark(
      [result('/c/a', digest(2, 3)), result('/c/b', digest(1, 1, 2)), result('/c/c', digest(0, 0))],
      { a: entry(2, 3), b: entry(1, 1), c: entry(null, null) },
      (p) => p.slice(3),
    )
    expect(c.compared).toBe(2)
    expect(c.equal).toBe(1)
    expect(c.observed).toEqual([
      { subject: 'b', field: 'conv,udp', ours: 'statistics 1, flow table 2', expected: '1' },
      { subject: 'c', field: 'flows-read', ours: 'no tshark tables', expected: 'refresh it: npm run oracle -- --flows c' },
    ])
    expect(oursText(4, 4)).toBe('4')
  })

  it('explains a difference only with the same values, and reports listed lines that did not occur as stale', () => {
    const listed = parseKnownDifferences('a\tconv,tcp\t1\t2\treason\nb\tconv,udp\t0\t1\treason\nc\tconv,udp\t5\t6\treason\n')
    const r = reconcile(
      [
        { subject: 'a', field: 'conv,tcp', ours: '1', expected: '2' },
        { subject: 'b', field: 'conv,udp', ours: '0', expected: '2' },
      ],
      listed,
      'list.tsv',
    )
    expect(r.explained.map((o) => o.subject)).toEqual(['a'])
    expect(r.unexplained.map((o) => o.subject)).toEqual(['b'])
    expect(r.stale).toEqual([
      'list.tsv line 2: b conv,udp (ours 0, expected 1): now ours 0, expected 2',
      'list.tsv line 3: c conv,udp (ours 5, expected 6): no longer differs',
    ])
  })
})
