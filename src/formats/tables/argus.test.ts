import { describe, expect, it } from 'vitest'
import { argus } from './argus.ts'
import { argusConnState } from './argus-states.ts'
import { readAll, SAMPLES } from './table-test-utils.ts'

describe('Argus binetflow', () => {
  it('is recognised from its header, comma or whitespace separated', () => {
    expect(argus.sniff(SAMPLES.argus)).toBeGreaterThan(0.9)
    expect(argus.sniff('StartTime   Dur  Proto   SrcAddr  Sport  Dir  DstAddr  Dport  TotPkts  TotBytes  State\n')).toBeGreaterThan(0.5)
    expect(argus.sniff(SAMPLES.cicids)).toBe(0)
  })

  it('maps the flow columns: resp counts are totals minus the source side', async () => {
    const { report, flows } = await readAll(SAMPLES.argus)
    expect(report.dialect).toBe('argus')
    expect(flows[0]).toMatchObject({ srcAddr: '10.8.0.69', srcPort: 56101, dstAddr: '14.1.11.113', dstPort: 999, protocol: 'tcp', duration: 63.82283, origPkts: 15, respPkts: 16, origBytes: 1887, respBytes: 6877, state: 'S_RA', connState: 'REJ', label: 'flow=From-Botnet' })
    expect(flows[0].startTime).toBeCloseTo(Date.UTC(2019, 3, 4, 16, 24, 47) / 1000 + 0.672448, 6)
    expect(flows[1]).toMatchObject({ protocol: 'udp', service: 'dns', connState: 'SF' })
  })

  it("reads ra's whitespace output, where the start time spans two fields", async () => {
    const text = 'StartTime Dur Proto SrcAddr Sport Dir DstAddr Dport State TotPkts TotBytes SrcBytes\n2019/04/04 16:24:47.5 1.0 tcp 10.0.0.1 1000 -> 10.0.0.2 80 FSPA_FSPA 10 5000 1000\n'
    const { report, flows } = await readAll(text)
    expect(report.dialect).toBe('argus')
    expect(flows[0]).toMatchObject({ srcAddr: '10.0.0.1', dstPort: 80, connState: 'SF', origBytes: 1000, respBytes: 4000 })
    expect(flows[0].startTime).toBe(Date.UTC(2019, 3, 4, 16, 24, 47) / 1000 + 0.5)
  })

  it('maps Argus states to Zeek conn_state where it can', () => {
    expect(argusConnState('tcp', 'S_')).toBe('S0')
    expect(argusConnState('tcp', 'S_RA')).toBe('REJ')
    expect(argusConnState('tcp', 'FSPA_FSPA')).toBe('SF')
    expect(argusConnState('tcp', 'SPA_SPA')).toBe('S1')
    expect(argusConnState('tcp', 'SRPA_SPA')).toBe('RSTO')
    expect(argusConnState('udp', 'INT')).toBe('S0')
    expect(argusConnState('udp', 'CON')).toBe('SF')
    expect(argusConnState('icmp', 'ECO')).toBe('OTH')
    expect(argusConnState('tcp', 'RST')).toBe('')
  })
})
