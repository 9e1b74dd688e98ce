import { describe, expect, it } from 'vitest'
import { readAll, SAMPLES } from './table-test-utils.ts'
import { UNSW_RAW_COLUMNS, unswNb15 } from './unsw-nb15.ts'

/** Two rows of a raw UNSW-NB15_n.csv file: no header, the 49 columns of the feature list. */
const RAW = [
  '59.166.0.0,1390,149.171.126.6,53,udp,CON,0.001055,132,164,31,29,0,0,dns,500473.9375,621800.9375,2,2,0,0,0,0,66,82,0,0,0,0,1421927414,1421927414,0.017,0.013,0,0,0,0,0,0,0,0,3,7,1,3,1,1,1,,0',
  '175.45.176.3,0x000b,149.171.126.16,0x000c,tcp,FIN,0.5,500,300,254,252,1,1,-,8000,4800,10,8,255,255,1,2,50,37,0,0,1.5,2.5,1421927415,1421927416,5,6,0.1,0.05,0.05,0,1,0,0,0,1,1,1,1,1,1,1, Exploits ,1',
].join('\n') + '\n'

describe('UNSW-NB15', () => {
  it('knows the 49 raw columns of the published feature list', () => {
    expect(UNSW_RAW_COLUMNS).toHaveLength(49)
  })

  it('is recognised with its header (and a byte order mark) and without one', () => {
    expect(unswNb15.sniff(SAMPLES['unsw-nb15'].replace('\uFEFF', ''))).toBeGreaterThan(0.9)
    expect(unswNb15.sniff(RAW)).toBeGreaterThan(0.8)
    expect(unswNb15.sniff(SAMPLES['nsl-kdd'])).toBe(0)
  })

  it('maps the training/testing set columns and takes attack_cat as the label', async () => {
    const { report, flows } = await readAll(SAMPLES['unsw-nb15'])
    expect(report.dialect).toBe('unsw-nb15')
    expect(report.labels.column).toBe('attack_cat')
    expect(flows[0]).toMatchObject({ duration: 0.000011, protocol: 'udp', service: null, state: 'INT', connState: 'S0', origPkts: 2, respPkts: 0, origBytes: 496, respBytes: 0, label: 'Normal' })
    expect(flows[1]).toMatchObject({ service: 'http', state: 'FIN', connState: 'SF', label: 'Exploits' })
    expect(flows[2]).toMatchObject({ state: 'CON', connState: 'S1', label: 'Fuzzers' })
  })

  it('reads the raw files: addresses, hex ports, Stime, and "Normal" for an empty attack_cat with Label 0', async () => {
    const { report, flows } = await readAll(RAW)
    expect(report.dialect).toBe('unsw-nb15')
    expect(flows[0]).toMatchObject({ srcAddr: '59.166.0.0', srcPort: 1390, dstAddr: '149.171.126.6', dstPort: 53, service: 'dns', startTime: 1421927414, origPkts: 2, label: 'Normal' })
    expect(flows[1]).toMatchObject({ srcPort: 11, dstPort: 12, service: null, label: 'Exploits' })
    expect(report.labels.classes).toEqual({ Exploits: { rows: 1 }, Normal: { rows: 1 } })
  })
})
