import { describe, expect, it } from 'vitest'
import { readAll, SAMPLES } from './table-test-utils.ts'
import { zeekJson } from './zeek-json.ts'

describe('Zeek JSON', () => {
  it('is recognised, and told apart from Suricata EVE', () => {
    expect(zeekJson.sniff(SAMPLES['zeek-json'])).toBeGreaterThan(0.9)
    expect(zeekJson.sniff(SAMPLES['suricata-eve'])).toBe(0)
    expect(zeekJson.sniff(SAMPLES['zeek-tsv'])).toBe(0)
  })

  it('reads conn records into flows', async () => {
    const { report, flows } = await readAll(SAMPLES['zeek-json'])
    expect(report.dialect).toBe('zeek-json')
    expect(flows[1]).toMatchObject({ uid: 'CeXwwk4XHhkKHn7kag', srcAddr: '10.0.2.15', srcPort: 49158, dstAddr: '195.113.232.73', dstPort: 80, protocol: 'tcp', service: 'http', duration: 0.00187, origPkts: 5, respPkts: 4, origBytes: 309, respBytes: 351, origPayloadBytes: 97, respPayloadBytes: 179, connState: 'SF', history: 'ShADadFf' })
  })

  it('accepts nested id objects, ISO timestamps and a _path per line', async () => {
    const text = [
      '{"_path":"conn","ts":"2020-01-01T00:00:01.5Z","uid":"C1","id":{"orig_h":"10.0.0.1","orig_p":1234,"resp_h":"10.0.0.2","resp_p":22},"proto":"tcp","conn_state":"S0"}',
      '{"_path":"ssh","ts":"2020-01-01T00:00:02Z","uid":"C1","auth_success":false,"client":"SSH-2.0-x"}',
    ].join('\n')
    const { flows, facts } = await readAll(text)
    expect(flows[0]).toMatchObject({ srcAddr: '10.0.0.1', dstPort: 22, service: 'ssh', startTime: Date.UTC(2020, 0, 1, 0, 0, 1) / 1000 + 0.5, connState: 'S0' })
    expect(facts[0]).toMatchObject({ log: 'ssh', uids: ['C1'], time: Date.UTC(2020, 0, 1, 0, 0, 2) / 1000 })
    expect(facts[0].values.get('auth_success')).toBe('false')
  })

  it('keeps dhcp uids lists and rejects lines that are not JSON objects', async () => {
    const text = '{"ts":1655297623.95,"uids":["CNs2","CNs3"],"client_addr":"192.168.1.30","server_addr":"192.168.1.1","msg_types":["REQUEST","ACK"]}\nnot json\n[1]\n'
    const { report, facts } = await readAll(text, { dialect: 'zeek-json' })
    expect(facts[0]).toMatchObject({ log: 'dhcp', uids: ['CNs2', 'CNs3'] })
    expect(facts[0].values.get('msg_types')).toBe('REQUEST,ACK')
    expect(report.rejectedRows.reasons).toEqual({ 'invalid-json': 1, 'not-an-object': 1 })
  })
})
