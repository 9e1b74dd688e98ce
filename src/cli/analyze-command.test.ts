import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { TableSummary } from '../analysis/table-summary.ts'
import type { Alert } from '../detect/alert.ts'
import type { DetectionReport } from '../detect/detection-report.ts'
import type { HostRisk } from '../detect/risk.ts'
import { writePcap } from '../formats/pcap-writer.ts'
import { runCli as run, udpFrame } from './cli-test-kit.ts'

const dir = mkdtempSync(join(tmpdir(), 'nettwin-analyze-detect-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

// 3,000 unanswered datagrams from 10.0.0.66 to 10.0.0.5:9999 within 3 s: a UDP flood.
const flood = join(dir, 'udp-flood.pcap')
writeFileSync(flood, writePcap(Array.from({ length: 3000 }, (_, i) => ({ time: 1_700_000_000 + i / 1000, data: udpFrame(0x0a000042, 0x0a000005, 40000 + (i % 5000), 9999, 200) }))))

/**
 * An Argus binetflow table: about 10 minutes of answered web traffic between four clients and a server (labelled
 * background), then 10.0.0.99 probing 400 ports of 10.0.0.7, every probe refused (labelled botnet).
 */
function argusTable(): string {
  const rows = ['StartTime,Dur,Proto,SrcAddr,Sport,Dir,DstAddr,Dport,State,sTos,dTos,TotPkts,TotBytes,SrcBytes,SrcPkts,Label']
  const t0 = Date.UTC(2020, 0, 1, 10, 0, 0) / 1000
  const stamp = (t: number): string => {
    const d = new Date(t * 1000)
    const p = (n: number, w = 2): string => String(n).padStart(w, '0')
    return `${d.getUTCFullYear()}/${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}.${p(d.getUTCMilliseconds(), 3)}000`
  }
  // Irregular times and sizes (a fixed-seed LCG), so the background does not look like a beacon.
  let seed = 12345
  const rand = (): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  let t = t0
  for (let i = 0; i < 300; i++) {
    t += 0.2 + 3.4 * rand()
    const bytes = 800 + Math.floor(9000 * rand())
    rows.push(`${stamp(Math.min(t, t0 + 590))},0.2,tcp,10.0.0.${1 + (i % 4)},${30000 + i},   ->,10.0.0.7,80,FSPA_FSPA,0,0,10,${bytes},600,5,flow=Background-TCP-Established`)
  }
  for (let i = 0; i < 400; i++) {
    rows.push(`${stamp(t0 + 600 + i * 0.05)},0.001,tcp,10.0.0.99,${50000 + i},   ->,10.0.0.7,${1 + i},S_RA,0,0,2,120,60,1,flow=From-Botnet-Scan`)
  }
  return rows.join('\n') + '\n'
}
const table = join(dir, 'scan.binetflow')
writeFileSync(table, argusTable())

type CaptureJson = { alerts: Alert[]; hostRisk: HostRisk[]; detection: DetectionReport['detection']; packets: number }

describe('nettwin analyze: detection', () => {
  it('adds alerts, host risk and how they were found to the JSON of a capture', async () => {
    const r = await run(['analyze', flood, '--json'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const json = JSON.parse(r.out) as CaptureJson
    expect(json.packets).toBe(3000)
    const flooding = json.alerts.find((a) => a.category === 'udp-flood')
    expect(flooding?.src).toEqual(['10.0.0.66'])
    expect(flooding?.dst).toEqual(['10.0.0.5'])
    expect(json.hostRisk[0].host).toBe('10.0.0.66')
    expect(json.detection.skipped).toBeNull()
    expect(json.detection.partial).toBe(false)
    expect(json.detection.detectors.length).toBeGreaterThan(10)
    expect(json.detection.milliseconds).toBeGreaterThanOrEqual(0)
  })

  it('gives the same alerts with --threads 2 and none with --no-detect', async () => {
    const one = JSON.parse((await run(['analyze', flood, '--json'])).out) as CaptureJson
    const two = JSON.parse((await run(['analyze', flood, '--json', '--threads', '2'])).out) as CaptureJson
    expect(two.alerts.map((a) => a.id)).toEqual(one.alerts.map((a) => a.id))
    expect(two.hostRisk).toEqual(one.hostRisk)
    const none = JSON.parse((await run(['analyze', flood, '--json', '--no-detect'])).out) as Record<string, unknown>
    expect(none.packets).toBe(3000)
    expect('alerts' in none).toBe(false)
  })

  it('keeps the flow mode: a wireshark-mode analysis still detects the flood', async () => {
    const r = JSON.parse((await run(['analyze', flood, '--json', '--flow-mode', 'wireshark'])).out) as CaptureJson & { flowMode: string }
    expect(r.flowMode).toBe('wireshark')
    expect(r.alerts.some((a) => a.category === 'udp-flood')).toBe(true)
  })

  it('lists the alerts after the text summary and times detection separately', async () => {
    const r = await run(['analyze', flood, '--timing'])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^Alerts\s+\d+/m)
    expect(r.out).toMatch(/udp-flood/)
    expect(r.err).toMatch(/^nettwin: timing: [\d.]+ s/m)
    expect(r.err).toMatch(/^nettwin: timing: read [\d.]+ s \(cpu [\d.]+ s\), detect [\d.]+ s \(cpu [\d.]+ s\): [\d.]+% of reading by cpu$/m)
  })

  it('fills flagged rows per label class and a confusion matrix per detector for a labelled table', async () => {
    const r = await run(['analyze', table, '--json'])
    expect(r.code).toBe(0)
    const s = JSON.parse(r.out) as TableSummary & CaptureJson
    expect(s.dialect).toBe('argus')
    const scan = s.labels.classes['flow=From-Botnet-Scan']
    const background = s.labels.classes['flow=Background-TCP-Established']
    expect(scan.rows).toBe(400)
    expect(background.rows).toBe(300)
    // The scan is found and most of its rows are flagged; the background's answered web flows are not.
    expect(s.alerts.some((a) => a.category === 'port-scan' && a.src.includes('10.0.0.99'))).toBe(true)
    expect(scan.flagged).toBeGreaterThan(300)
    expect(background.flagged).toBeLessThan(30)
    expect(s.labels.benignClasses).toEqual(['flow=Background-TCP-Established'])
    const any = s.labels.confusion?.any
    expect(any).toEqual({ tp: scan.flagged, fn: 400 - scan.flagged, fp: background.flagged, tn: 300 - background.flagged })
    const portScan = s.labels.confusion?.['port-scan']
    expect(portScan?.tp).toBeGreaterThan(300)
    expect(Object.keys(s.labels.confusion ?? {})).toContain('host-sweep')
  })

  it('judges a table without addresses by its window features: a SYN-flood record is flagged, plain ones are not', async () => {
    const kddRow = (label: string, flag = 'SF', windowed: Record<number, number> = {}): string => {
      const features = Array<number>(35).fill(0)
      for (const [column, value] of Object.entries(windowed)) features[Number(column) - 6] = value
      return [0, 'tcp', 'http', flag, flag === 'S0' ? 0 : 200, 0, ...features, label, 20].join(',')
    }
    // KDD columns 22-40: count, srv_count, serror_rate, srv_serror_rate, ..., same_srv_rate (28), ...,
    // dst_host_count (31), dst_host_srv_count (32), dst_host_same_srv_rate (33), dst_host_serror_rate (37).
    const flood = { 22: 511, 23: 511, 24: 1, 25: 1, 28: 1, 31: 255, 32: 255, 33: 1, 37: 1, 38: 1 }
    const kdd = join(dir, 'kdd.txt')
    writeFileSync(kdd, [kddRow('normal'), kddRow('neptune'), kddRow('neptune', 'S0', flood)].join('\n') + '\n')
    const s = JSON.parse((await run(['analyze', kdd, '--json'])).out) as TableSummary & CaptureJson
    expect(s.detection.skipped).toBeNull()
    expect(s.alerts.map((a) => a.category)).toContain('syn-flood')
    expect(s.labels.classes).toEqual({ normal: { rows: 1, flagged: 0 }, neptune: { rows: 2, flagged: 1 } })
    expect(s.labels.confusion?.any).toEqual({ tp: 1, fp: 0, fn: 1, tn: 1 })
  })
})
