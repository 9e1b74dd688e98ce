import { describe, expect, it } from 'vitest'
import type { TableFlowSource } from '../baseline/table-flow-source.ts'
import { FlowColumns } from '../flows/flow-columns.ts'
import { AddressTable } from '../model/address-table.ts'
import type { Alert } from './alert.ts'
import { ANY_DETECTOR, isBenignLabel, scoreLabels } from './label-scoring.ts'

/** Rows (orig, resp, time, label id) as a table flow source; addresses are 10.0.0.x. */
function source(rows: readonly (readonly [number, number, number, number])[], labelNames: readonly string[]): TableFlowSource {
  const c = new FlowColumns(Math.max(16, rows.length))
  const addresses = new AddressTable()
  const labelOf = new Uint32Array(rows.length)
  rows.forEach(([o, r, t, label], id) => {
    c.clear(id)
    c.origAddr[id] = addresses.ipv4(0x0a000000 + o)
    c.respAddr[id] = addresses.ipv4(0x0a000000 + r)
    c.first[id] = t
    c.last[id] = t
    labelOf[id] = label
  })
  return { columns: c, count: rows.length, facts: null, addresses, series: null, start: 0, end: 100, partial: false, labelOf, labelNames, skipped: 0 }
}

function alert(detector: string, evidence: number[], extra: Partial<Alert> = {}): Alert {
  return {
    id: `${detector}-1`, detector, category: 'port-scan', severity: 'high', confidence: 0.9, start: 0, end: 100, src: [], dst: [], srcCount: 0, dstCount: 0,
    ports: [], metric: 'm', unit: 'u', observed: 1, baseline: null, baselineSource: 'default', evidence, evidenceCount: evidence.length, explanation: '', mitre: null, ...extra,
  }
}

describe('scoreLabels', () => {
  // Rows 0-3: attack (label 1) from 10.0.0.9 to 10.0.0.7; rows 4-7: benign (label 2) from 10.0.0.1; row 8 unlabelled.
  const rows = [
    [9, 7, 10, 1], [9, 7, 11, 1], [9, 7, 12, 1], [9, 7, 90, 1],
    [1, 7, 10, 2], [1, 7, 20, 2], [1, 7, 30, 2], [1, 7, 40, 2],
    [9, 7, 13, 0],
  ] as const
  const names = ['', 'scan', 'BENIGN']

  it('counts flagged rows per class and a matrix per detector and for any detector', () => {
    const s = scoreLabels(source(rows, names), [alert('port-scan', [0, 1, 8]), alert('flood', [1, 4])], ['port-scan', 'flood', 'beaconing'])
    expect(s.flaggedByClass).toEqual({ scan: 2, BENIGN: 1 })
    expect(s.confusion['port-scan']).toEqual({ tp: 2, fn: 2, fp: 0, tn: 4 })
    expect(s.confusion.flood).toEqual({ tp: 1, fn: 3, fp: 1, tn: 3 })
    expect(s.confusion.beaconing).toEqual({ tp: 0, fn: 4, fp: 0, tn: 4 })
    expect(s.confusion[ANY_DETECTOR]).toEqual({ tp: 2, fn: 2, fp: 1, tn: 3 })
    expect(s.benignClasses).toEqual(['BENIGN'])
    expect(s.scoredRows).toBe(8)
  })

  it('recovers the rows of a capped evidence list from the alert\'s hosts and time span', () => {
    // The alert lists one flow of four and names 10.0.0.9 -> 10.0.0.7 between t=0 and t=50: rows 0-2 (row 3 is later).
    const capped = alert('port-scan', [0], { evidenceCount: 4, src: ['10.0.0.9'], dst: ['10.0.0.7'], start: 0, end: 50 })
    const s = scoreLabels(source(rows, names), [capped], ['port-scan'])
    expect(s.confusion['port-scan']).toEqual({ tp: 3, fn: 1, fp: 0, tn: 4 })
    // A complete list is taken as it is.
    const complete = alert('port-scan', [0], { src: ['10.0.0.9'], dst: ['10.0.0.7'], start: 0, end: 50 })
    expect(scoreLabels(source(rows, names), [complete], ['port-scan']).confusion['port-scan'].tp).toBe(1)
  })

  it('ignores evidence ids outside the table and keeps hostile class names as plain keys', () => {
    const s = scoreLabels(source([[9, 7, 1, 1]], ['', '__proto__']), [alert('port-scan', [0, -1, 5, 1e9])], ['port-scan'])
    expect(Object.hasOwn(s.flaggedByClass, '__proto__')).toBe(true)
    expect(s.flaggedByClass['__proto__']).toBe(1)
    expect(Object.getPrototypeOf(s.flaggedByClass)).toBe(Object.prototype)
  })
})

describe('isBenignLabel', () => {
  it('knows the benign classes of the datasets nettwin reads and nothing else', () => {
    for (const name of ['normal', 'BENIGN', 'Normal', '0', 'flow=Background-TCP-Established', 'flow=From-Normal-V42-Stribrek', ' benign ']) expect(isBenignLabel(name)).toBe(true)
    for (const name of ['neptune', 'DoS', 'flow=From-Botnet-V42-UDP-DNS', 'flow=Malware-TCP', '1', 'Web Attack - SQL Injection']) expect(isBenignLabel(name)).toBe(false)
  })
})
