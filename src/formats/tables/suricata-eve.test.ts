import { describe, expect, it } from 'vitest'
import { suricataEve } from './suricata-eve.ts'
import { readAll, SAMPLES } from './table-test-utils.ts'

describe('Suricata EVE', () => {
  it('is recognised', () => {
    expect(suricataEve.sniff(SAMPLES['suricata-eve'])).toBeGreaterThan(0.9)
    expect(suricataEve.sniff(SAMPLES['zeek-json'])).toBe(0)
  })

  it('reads flow events and labels them with their alerts, matched by flow_id', async () => {
    const { report, flows, facts } = await readAll(SAMPLES['suricata-eve'])
    expect(report.dialect).toBe('suricata-eve')
    expect(report.flows).toBe(2)
    expect(flows[0]).toMatchObject({ uid: '1374195536821504', srcAddr: '78.36.196.213', dstPort: 445, protocol: 'tcp', service: 'smb', origPkts: 1, respPkts: 1, origBytes: 60, respBytes: 54, state: 'closed', connState: 'REJ', label: 'ET CINS Poor Reputation IP' })
    expect(flows[0].duration).toBeCloseTo(0.001, 6)
    expect(flows[1]).toMatchObject({ service: 'dns', connState: 'S0', label: null })
    expect(facts[0]).toMatchObject({ log: 'dns', uids: ['99'] })
    expect(report.labels).toEqual({ column: 'alert.signature', classes: { 'ET CINS Poor Reputation IP': { rows: 1 } }, unlabelled: 1 })
  })

  it('keeps 64-bit flow ids exact and matches alerts without flow_id by 5-tuple in either direction', async () => {
    const text = [
      '{"timestamp":"2021-01-01T00:00:00Z","event_type":"alert","src_ip":"10.0.0.2","src_port":80,"dest_ip":"10.0.0.1","dest_port":4001,"proto":"TCP","alert":{"signature":"B","severity":3}}',
      '{"timestamp":"2021-01-01T00:00:00Z","flow_id":18446744073709551557,"event_type":"alert","src_ip":"10.0.0.1","src_port":4000,"dest_ip":"10.0.0.2","dest_port":80,"proto":"TCP","alert":{"signature":"A","severity":1}}',
      '{"timestamp":"2021-01-01T00:00:05Z","flow_id":18446744073709551557,"event_type":"flow","src_ip":"10.0.0.1","src_port":4000,"dest_ip":"10.0.0.2","dest_port":80,"proto":"TCP","flow":{"pkts_toserver":3,"pkts_toclient":2,"bytes_toserver":300,"bytes_toclient":200,"start":"2021-01-01T00:00:00Z","end":"2021-01-01T00:00:04Z"}}',
      '{"timestamp":"2021-01-01T00:00:06Z","flow_id":7,"event_type":"flow","src_ip":"10.0.0.1","src_port":4001,"dest_ip":"10.0.0.2","dest_port":80,"proto":"TCP","flow":{"pkts_toserver":1,"pkts_toclient":0,"bytes_toserver":60,"bytes_toclient":0,"start":"2021-01-01T00:00:05Z","end":"2021-01-01T00:00:05Z"}}',
    ].join('\n')
    const { flows } = await readAll(text)
    expect(flows[0]).toMatchObject({ uid: '18446744073709551557', label: 'A', duration: 4 })
    // No alert names flow 7, but an alert without flow_id has its 5-tuple (seen from the other side).
    expect(flows[1].label).toBe('B')
  })

  it('makes flow records from the alerts when a file has no flow events, and reads netflow events', async () => {
    const alertOnly = SAMPLES['suricata-eve'].split('\n')[0] + '\n'
    const { report, flows } = await readAll(alertOnly)
    expect(report.flows).toBe(1)
    expect(flows[0].label).toBe('ET CINS Poor Reputation IP')
    expect(report.notes['suricata.flows-from-alerts']).toBe(1)
    const netflow = '{"timestamp":"2021-01-01T00:00:00Z","flow_id":5,"event_type":"netflow","src_ip":"1.1.1.1","src_port":53,"dest_ip":"2.2.2.2","dest_port":5000,"proto":"UDP","netflow":{"pkts":2,"bytes":180,"start":"2021-01-01T00:00:00Z","end":"2021-01-01T00:00:01Z","age":1}}\n'
    const nf = await readAll(netflow)
    expect(nf.flows[0]).toMatchObject({ origPkts: 2, origBytes: 180, respPkts: null, duration: 1 })
  })
})
