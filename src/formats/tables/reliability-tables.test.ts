/**
 * Checklist fixtures for shared/RELIABILITY.md row 39 (CSV and other table imports), read through readTable as
 * the app reads them: each hostile table ends in a report (rows skipped, values noted, or the read stopped with
 * the line it stopped at) and never in an exception or unbounded work. docs/reliability.md maps rows to tests.
 */
import { describe, expect, it } from 'vitest'
import type { ByteSource } from '../format.ts'
import { DEFAULT_MAX_ROW_CHARS } from './row-reader.ts'
import { encode, readAll, SAMPLES } from './table-test-utils.ts'

const flowsCsv = SAMPLES['generic-flow-csv']

/** A source of `total` bytes made of one repeated slice, so a huge input costs no memory to describe. */
function repeatedSource(first: Uint8Array, filler: Uint8Array, total: number): ByteSource & { readonly delivered: () => number } {
  let delivered = 0
  return {
    name: 'huge.csv',
    size: total,
    delivered: () => delivered,
    async head(n) {
      const out = new Uint8Array(Math.min(n, total))
      out.set(first.subarray(0, out.length))
      for (let at = first.length; at < out.length; at += filler.length) out.set(filler.subarray(0, out.length - at), at)
      return out
    },
    async *slices() {
      delivered = first.length
      yield first
      while (delivered < total) {
        const n = Math.min(filler.length, total - delivered)
        delivered += n
        yield filler.subarray(0, n)
      }
    },
  }
}

describe('RELIABILITY row 39: CSV import', () => {
  it('an unbalanced quote swallows the rest of the file into one field: that row is skipped, earlier rows kept', async () => {
    const lines = flowsCsv.trimEnd().split('\n')
    const text = `${lines[0]}\n${lines[1]}\n${lines[2].replace('10.1.1.3', '"10.1.1.3')}\n`
    const { report, flows } = await readAll(text, { dialect: 'generic-flow-csv' })
    expect(flows.length).toBe(1)
    expect(report.rejectedRows.reasons['unterminated-quote']).toBe(1)
  })

  it('a 100 MB single line stops the read at the row cap (TRUNC with its line), reading little more than the cap', async () => {
    const header = encode('src_addr,dst_addr,bytes\n')
    const source = repeatedSource(header, new Uint8Array(1024 * 1024).fill(0x61), 100 * 1024 * 1024)
    const { report, flows } = await readAll(source, { dialect: 'generic-flow-csv' })
    expect(flows.length).toBe(0)
    expect(report.truncated).not.toBe(false)
    if (report.truncated !== false) expect(report.truncated.line).toBe(2)
    // What bounds the work: the read stops within two 1 MiB slices of the row cap, not after 100 MB.
    expect(source.delivered()).toBeLessThanOrEqual(DEFAULT_MAX_ROW_CHARS + 2 * 1024 * 1024)
  })

  it('a UTF-8 byte order mark and CR-only line ends read the same records as plain LF', async () => {
    const plain = await readAll(flowsCsv, { dialect: 'generic-flow-csv' })
    const bom = await readAll(`\uFEFF${flowsCsv}`, { dialect: 'generic-flow-csv' })
    const crOnly = await readAll(flowsCsv.replace(/\n/g, '\r'), { dialect: 'generic-flow-csv' })
    expect(plain.flows.length).toBe(2)
    expect(bom.flows).toEqual(plain.flows)
    expect(crOnly.flows).toEqual(plain.flows)
    expect(bom.report.columns[0]).toBe('first_seen')
  })

  it('ragged rows (too few or too many fields) are read or skipped, never thrown', async () => {
    const lines = flowsCsv.trimEnd().split('\n')
    const text = [lines[0], lines[1], '2024-01-02 10:00:02;10.1.1.4', `${lines[2]};extra;fields`, ''].join('\n')
    const { report, flows } = await readAll(text, { dialect: 'generic-flow-csv' })
    expect(flows.length + report.rejectedRows.count).toBe(3)
    expect(flows.length).toBeGreaterThanOrEqual(1)
  })

  it('NaN and 1e309 are strict values with a note, not silently numbers', async () => {
    const text = SAMPLES.cicids.replace('4000000,666666.6667', 'NaN,1e309')
    const { report } = await readAll(text, { dialect: 'cicids' })
    expect(report.notes['number.nan']).toBeGreaterThanOrEqual(1)
    expect((report.notes['number.infinity'] ?? 0) + (report.notes['number.overflow'] ?? 0)).toBeGreaterThanOrEqual(1)
  })

  it('a header named __proto__ (and constructor) is plain data and pollutes nothing', async () => {
    const text = 'src,dst,__proto__,constructor,label\n10.0.0.1,10.0.0.2,5,6,__proto__\n'
    const { report } = await readAll(text)
    expect(report.columns).toContain('__proto__')
    expect(report.columns).toContain('constructor')
    // The label "__proto__" is an own entry of the class table, not a write to its prototype.
    expect(Object.hasOwn(report.labels.classes, '__proto__')).toBe(true)
    expect(Object.prototype).not.toHaveProperty('rows')
  })

  it('a field over 64 KiB is skipped by its row (field-too-long), the next row is read', async () => {
    const lines = flowsCsv.trimEnd().split('\n')
    const text = [lines[0], lines[1].replace('attack', 'x'.repeat(70 * 1024)), lines[2], ''].join('\n')
    const { report, flows } = await readAll(text, { dialect: 'generic-flow-csv' })
    expect(report.rejectedRows.reasons['field-too-long']).toBe(1)
    expect(flows.length).toBe(1)
  })
})
