import { describe, expect, it } from 'vitest'
import { cicids } from './cicids.ts'
import { readAll, SAMPLES } from './table-test-utils.ts'

/** A row of CICFlowMeter's raw output (no header, 84 columns), as in the tool's own repository. */
const RAW =
  '127.0.0.1-127.0.0.1-56552-43071-6,127.0.0.1,56552,127.0.0.1,43071,6,20/01/1970 05:20:20 AM,0,1,0,0.0,0.0,0.0,0.0,0.0,0.0,0,0,0,0,NaN,Infinity,NaN,NaN,NaN,NaN,0,0,0,0,0,0,0,0,0,0,0,0,0,0,32,0,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0,0,0,0,1,0,0,0,0.0,0.0,0.0,0.0,0,0,0,0,0,0,1,0,0,0,512,0,0,32,0,0,0,0,1.678820036625E12,0.0,1.678820036625E12,1.678820036625E12,NeedManualLabel\n'

const IMPROVED =
  'id,Flow ID,Src IP,Src Port,Dst IP,Dst Port,Protocol,Timestamp,Flow Duration,Total Fwd Packet,Total Bwd packets,Total Length of Fwd Packet,Total Length of Bwd Packet,Flow Bytes/s,Flow IAT Mean,Fwd IAT Total,FWD Init Win Bytes,Label,Attempted Category\n' +
  '244353,172.16.0.1-192.168.10.51-45022-444-6,172.16.0.1,45022,192.168.10.51,444,6,2017-07-05 18:12:15.650811,119302728,2685,1729,8299,7556917,63411.92801559408,27034.382053025183,119302481,29200,Heartbleed,-1\n'

describe('CIC-IDS2017 / CICFlowMeter', () => {
  it('is recognised from its column names, with leading spaces, and from raw header-less rows', () => {
    expect(cicids.sniff(SAMPLES.cicids)).toBeGreaterThan(0.9)
    expect(cicids.sniff(RAW)).toBeGreaterThan(0.8)
    expect(cicids.sniff(SAMPLES['nsl-kdd'])).toBe(0)
  })

  it('trims header names, keeps both "Fwd Header Length" columns and maps the flow columns', async () => {
    const { report, flows } = await readAll(SAMPLES.cicids)
    expect(report.dialect).toBe('cicids')
    expect(report.columns).toContain('Source IP')
    expect(report.columns).toContain('Fwd Header Length.1')
    expect(report.records).toBe(3)
    const [a, b, c] = flows
    expect(a).toMatchObject({ srcAddr: '192.168.10.5', srcPort: 54865, dstAddr: '104.16.207.165', dstPort: 443, protocol: 'tcp', service: 'https', origPkts: 2, respPkts: 0, origPayloadBytes: 12, label: 'BENIGN' })
    expect(a.duration).toBeCloseTo(3e-6, 12)
    expect(a.startTime).toBe(Date.UTC(2017, 6, 3, 8, 55) / 1000)
    expect(b.startTime).toBe(Date.UTC(2017, 6, 3, 8, 56, 30) / 1000)
    expect(c).toMatchObject({ protocol: 'hopopt', srcPort: 0, label: 'DoS Hulk' })
    expect(report.labels.classes).toEqual({ BENIGN: { rows: 1 }, DDoS: { rows: 1 }, 'DoS Hulk': { rows: 1 } })
  })

  it('keeps Infinity and -1 in the features as written, and counts the Infinity cells', async () => {
    const outcome = await readAll(SAMPLES.cicids)
    const names = outcome.report.columns.filter((n) => !['Flow ID', 'Source IP', 'Destination IP', 'Timestamp', 'Label'].includes(n))
    const b = outcome.flows[1]
    expect(b.features[names.indexOf('Flow Bytes/s')]).toBe(Infinity)
    expect(b.features[names.indexOf('Init_Win_bytes_forward')]).toBe(33)
    expect(outcome.flows[0].features[names.indexOf('Init_Win_bytes_forward')]).toBe(-1)
    expect(outcome.report.notes['number.infinity']).toBe(2)
  })

  it('reads header-less CICFlowMeter output with NaN, Infinity and AM/PM timestamps', async () => {
    const { report, flows } = await readAll(RAW + RAW)
    expect(report.dialect).toBe('cicids')
    expect(report.records).toBe(2)
    expect(flows[0]).toMatchObject({ srcAddr: '127.0.0.1', srcPort: 56552, dstPort: 43071, protocol: 'tcp', label: 'NeedManualLabel', startTime: Date.UTC(1970, 0, 20, 5, 20, 20) / 1000 })
    expect(report.notes['number.nan']).toBe(10)
    expect(report.notes['number.infinity']).toBe(2)
  })

  it('reads the improved re-labelled variant (id column, ISO timestamps, Attempted Category)', async () => {
    const { report, flows } = await readAll(IMPROVED)
    expect(report.dialect).toBe('cicids')
    expect(flows[0]).toMatchObject({ srcAddr: '172.16.0.1', dstPort: 444, origPkts: 2685, respPkts: 1729, origPayloadBytes: 8299, respPayloadBytes: 7556917, label: 'Heartbleed' })
    expect(flows[0].duration).toBeCloseTo(119.302728, 9)
    expect(flows[0].startTime).toBeCloseTo(Date.UTC(2017, 6, 5, 18, 12, 15) / 1000 + 0.650811, 6)
    expect(flows[0].features.at(-1)).toBe(-1)
  })

  it('with featureVectors unaddressed leaves out only the feature vectors: every other field and the notes stay', async () => {
    // Big slices: the rows go through the row reader's fast path, whose number hint this mode narrows.
    for (const text of [SAMPLES.cicids, RAW + RAW + RAW, IMPROVED]) {
      const full = await readAll(text, {}, 1 << 16)
      const lean = await readAll(text, { featureVectors: 'unaddressed' }, 1 << 16)
      expect(full.flows[0].features.length).toBeGreaterThan(0)
      expect(lean.flows.every((f) => f.features.length === 0)).toBe(true)
      expect(lean.flows.map((f) => ({ ...f, features: [] }))).toEqual(full.flows.map((f) => ({ ...f, features: [] })))
      expect(lean.report).toEqual(full.report)
    }
    // The NaN and Infinity feature cells are still counted.
    expect((await readAll(RAW + RAW, { featureVectors: 'unaddressed' }, 1 << 16)).report.notes).toEqual({ 'number.infinity': 2, 'number.nan': 10 })
  })

  it('rejects the empty rows some CIC files end with, and rows of the wrong width', async () => {
    const { report } = await readAll(SAMPLES.cicids + ',,,,,,,,,,,,,,,,,,\r\n' + '1,2,3\r\n')
    expect(report.records).toBe(3)
    expect(report.rejectedRows.reasons).toEqual({ 'empty row': 1, 'expected 19 fields, found 3': 1 })
  })
})
