import { describe, expect, it } from 'vitest'
import { nslKdd } from './nsl-kdd.ts'
import { readAll, SAMPLES } from './table-test-utils.ts'

const KDD99 = '0,icmp,ecr_i,SF,1032,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,511,511,0.00,0.00,0.00,0.00,1.00,0.00,0.00,255,255,1.00,0.00,1.00,0.00,0.00,0.00,0.00,0.00,smurf.\n'

describe('NSL-KDD', () => {
  it('is recognised without a header row', () => {
    expect(nslKdd.sniff(SAMPLES['nsl-kdd'])).toBeGreaterThan(0.9)
    expect(nslKdd.sniff(SAMPLES.cicids)).toBe(0)
    expect(nslKdd.sniff(SAMPLES['unsw-nb15'])).toBe(0)
  })

  it('maps the categorical columns and keeps the numeric ones as features', async () => {
    const { report, flows } = await readAll(SAMPLES['nsl-kdd'])
    expect(report.dialect).toBe('nsl-kdd')
    expect(report.records).toBe(4)
    const [first, , third, fourth] = flows
    expect(first).toMatchObject({ protocol: 'tcp', service: 'ftp-data', connState: 'SF', state: 'SF', origPayloadBytes: 491, respPayloadBytes: 0, duration: 0, label: 'normal' })
    expect(first.startTime).toBeNull()
    expect(first.srcAddr).toBeNull()
    expect(third).toMatchObject({ service: 'private', connState: 'S0', label: 'neptune' })
    expect(fourth.duration).toBe(2)
    expect(fourth.respPayloadBytes).toBe(8153)
    // 38 numeric features + difficulty: count is feature 19 (after removing the three categorical columns).
    expect(first.features).toHaveLength(39)
    expect(first.features[38]).toBe(20)
    expect(report.labels).toEqual({ column: 'label', classes: { normal: { rows: 3 }, neptune: { rows: 1 } }, unlabelled: 0 })
  })

  it("reads KDD'99 rows: 42 fields, labels ending in '.'", async () => {
    const { flows, report } = await readAll(KDD99)
    expect(report.dialect).toBe('nsl-kdd')
    expect(flows[0]).toMatchObject({ protocol: 'icmp', service: 'icmp-echo-reply', label: 'smurf' })
    expect(flows[0].features[38]).toBeNaN()
  })

  it('uses a header row when a copy has one', async () => {
    const header = 'duration,protocol_type,service,flag,src_bytes,dst_bytes,land,wrong_fragment,urgent,hot,num_failed_logins,logged_in,num_compromised,root_shell,su_attempted,num_root,num_file_creations,num_shells,num_access_files,num_outbound_cmds,is_host_login,is_guest_login,count,srv_count,serror_rate,srv_serror_rate,rerror_rate,srv_rerror_rate,same_srv_rate,diff_srv_rate,srv_diff_host_rate,dst_host_count,dst_host_srv_count,dst_host_same_srv_rate,dst_host_diff_srv_rate,dst_host_same_src_port_rate,dst_host_srv_diff_host_rate,dst_host_serror_rate,dst_host_srv_serror_rate,dst_host_rerror_rate,dst_host_srv_rerror_rate,class,level\n'
    const { report } = await readAll(header + SAMPLES['nsl-kdd'])
    expect(report.dialect).toBe('nsl-kdd')
    expect(report.records).toBe(4)
    expect(report.rejectedRows.count).toBe(0)
    expect(report.columns[41]).toBe('class')
  })

  it('rejects rows of the wrong width or with text where numbers belong', async () => {
    const bad = SAMPLES['nsl-kdd'] + '0,tcp,http,SF,12\n' + '0,tcp,http,SF,lots,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,2,2,0,0,0,0,1,0,0,150,25,0.17,0.03,0.17,0,0,0,0.05,0,normal,20\n'
    const { report } = await readAll(bad, { dialect: 'nsl-kdd' })
    expect(report.records).toBe(4)
    expect(report.rejectedRows.reasons).toEqual({ 'expected 42 or 43 fields, found 5': 1, 'src_bytes is not a number': 1 })
    expect(report.rejectedRows.examples).toEqual([
      { line: 5, reason: 'expected 42 or 43 fields, found 5' },
      { line: 6, reason: 'src_bytes is not a number' },
    ])
  })
})
