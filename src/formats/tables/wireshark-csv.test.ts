import { describe, expect, it } from 'vitest'
import { readAll, SAMPLES } from './table-test-utils.ts'
import { portsFromInfo, wiresharkCsv } from './wireshark-csv.ts'

describe('Wireshark CSV export', () => {
  it('is recognised from its quoted header', () => {
    expect(wiresharkCsv.sniff(SAMPLES['wireshark-csv'])).toBeGreaterThan(0.9)
    expect(wiresharkCsv.sniff(SAMPLES.cicids)).toBe(0)
  })

  it('reads packets: protocol lower case, relative times, ports from Info, doubled quotes in Info', async () => {
    const { report, packets } = await readAll(SAMPLES['wireshark-csv'])
    expect(report.dialect).toBe('wireshark-csv')
    expect(report.packets).toBe(4)
    expect(packets[0]).toMatchObject({ number: 1, time: 0, src: '192.168.1.7', dst: '192.168.1.1', protocol: 'dns', length: 84, srcPort: null })
    expect(packets[1]).toMatchObject({ protocol: 'tcp', srcPort: 41859, dstPort: 1, length: 58 })
    expect(packets[3].info).toBe('Standard query 0x0000 SRV gemini._sftp-ssh._tcp.local, "QM" question')
    expect(report.timeRange).toEqual({ first: 0, last: 0.5, base: 'relative' })
  })

  it('reads absolute times and extra port columns', async () => {
    const text = '"No.","Time","Source","Destination","Protocol","Length","Source Port","Destination Port","Info"\n"1","2024-02-13 14:34:38.788187","147.32.80.37","147.32.80.9","DNS","82","53000","53","Standard query"\n'
    const { report, packets } = await readAll(text)
    expect(packets[0]).toMatchObject({ srcPort: 53000, dstPort: 53 })
    expect(packets[0].time).toBeCloseTo(Date.UTC(2024, 1, 13, 14, 34, 38) / 1000 + 0.788187, 6)
    expect(report.timeRange?.base).toBe('epoch')
  })

  it('reads ports from the start of Info only when they are there', () => {
    const out = new Int32Array(2)
    expect(portsFromInfo('41859 → 1 [SYN] Seq=0', out)).toBe(true)
    expect(Array.from(out)).toEqual([41859, 1])
    expect(portsFromInfo('53 > 5353 Len=10', out)).toBe(true)
    expect(portsFromInfo('Echo (ping) request', out)).toBe(false)
    expect(portsFromInfo('99999 → 1', out)).toBe(false)
    expect(portsFromInfo('1 → 2x', out)).toBe(false)
  })
})
