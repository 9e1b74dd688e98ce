import { describe, expect, it } from 'vitest'
import { FlowColumns } from '../../flows/flow-columns.ts'
import { AddressTable } from '../../model/address-table.ts'
import type { ResolvedScenario } from '../scenarios/plan.ts'
import { LabelRuns } from './label-runs.ts'
import { labelsCsv } from './labels-csv.ts'

const scenario: ResolvedScenario = {
  id: 'scan-1', kind: 'port-scan', label: 1, attacker: '10.0.0.9', attackerMac: '02:00:00:00:00:09', target: '10.0.0.1', targetMac: '02:00:00:00:00:01',
  start: 100, end: 160, firstFrame: 101, lastFrame: 150, intensity: 1, frames: 3, bytes: 180, seed: 1,
}

describe('label runs', () => {
  it('run-length encodes labels and reads them back in packet order', () => {
    const l = new LabelRuns()
    const labels = [0, 0, 0, 1, 1, 0, 2, 2, 2, 0]
    labels.forEach((x, i) => l.append(x, 100 + i))
    expect(l.runs).toBe(5)
    expect(l.packets).toBe(10)
    const next = l.reader()
    expect(labels.map(() => next())).toEqual(labels)
    expect(next()).toBe(0) // past the end: ordinary
    expect(Array.from(l.totals(2))).toEqual([5, 2, 3])
    const seen: number[][] = []
    l.forEachRun((first, count, label, t0, t1) => seen.push([first, count, label, t0, t1]))
    expect(seen).toEqual([[0, 3, 0, 100, 102], [3, 2, 1, 103, 104], [5, 1, 0, 105, 105], [6, 3, 2, 106, 108], [9, 1, 0, 109, 109]])
  })

  it('grows past its first capacity', () => {
    const l = new LabelRuns()
    for (let i = 0; i < 5000; i++) l.append(i % 2, i)
    expect(l.runs).toBe(5000)
    const next = l.reader()
    let ok = true
    for (let i = 0; i < 5000; i++) ok &&= next() === i % 2
    expect(ok).toBe(true)
  })
})

describe('labels CSV', () => {
  it('lists attack packet runs by frame number (from 1) and attack flows, escaping cells', () => {
    const l = new LabelRuns()
    ;[0, 1, 1, 0, 1].forEach((x, i) => l.append(x, 101 + i))
    const addresses = new AddressTable()
    const c = new FlowColumns(4)
    c.origAddr[0] = addresses.ipv4(0x0a000009)
    c.respAddr[0] = addresses.ipv4(0x0a000001)
    c.proto[0] = 6
    c.origPort[0] = 40000
    c.respPort[0] = 22
    c.first[0] = 101
    c.last[0] = 105
    const hostile = { ...scenario, attacker: '=HYPERLINK("x")' }
    const text = labelsCsv(l, [hostile], { flowLabels: Uint16Array.of(1, 0), columns: c, addresses })
    const lines = text.trimEnd().split('\r\n')
    expect(lines[0]).toBe('level,frame_first,frame_last,time_first,time_last,scenario,kind,attacker,attacker_mac,target,flow_src,flow_dst,flow_proto,flow_src_port,flow_dst_port')
    expect(lines.slice(1)).toEqual([
      `packet,2,3,102,103,scan-1,port-scan,"'=HYPERLINK(""x"")",02:00:00:00:00:09,10.0.0.1`,
      `packet,5,5,105,105,scan-1,port-scan,"'=HYPERLINK(""x"")",02:00:00:00:00:09,10.0.0.1`,
      `flow,,,101,105,scan-1,port-scan,"'=HYPERLINK(""x"")",02:00:00:00:00:09,10.0.0.1,10.0.0.9,10.0.0.1,6,40000,22`,
    ])
  })
})
