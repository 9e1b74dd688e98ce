import { describe, expect, it } from 'vitest'
import type { ByteSource } from '../format.ts'
import { FormatError } from '../format.ts'
import { bytesSource } from '../sources.ts'
import { GIVE_UP_AFTER_REJECTS, readTable, sniffTable } from './read-table.ts'
import type { TableDialectId } from './table-model.ts'
import { encode, readAll, SAMPLES } from './table-test-utils.ts'

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

async function failure(p: Promise<unknown>): Promise<FormatError> {
  try {
    await p
  } catch (e) {
    if (e instanceof FormatError) return e
    throw e
  }
  throw new Error('expected a FormatError')
}

/** A source that makes its slices as they are asked for: `first`, then `fill` repeated up to `total` bytes. */
function lazySource(first: Uint8Array, fill: Uint8Array, total: number): ByteSource & { produced: number } {
  const src = {
    name: 'lazy.csv',
    size: total,
    produced: 0,
    async head(n: number) {
      return first.subarray(0, n)
    },
    async *slices() {
      yield first
      src.produced = first.length
      while (src.produced < total) {
        src.produced += fill.length
        yield fill
      }
    },
  }
  return src
}

describe('sniffTable', () => {
  it('recognises every dialect from content alone', () => {
    for (const [dialect, text] of Object.entries(SAMPLES)) {
      const s = sniffTable(encode(text))
      expect(s.dialect, dialect).toBe(dialect as TableDialectId)
      expect(s.alternatives.every((a) => a.confidence <= s.confidence)).toBe(true)
    }
  })

  it('finds nothing in binary data, empty input or prose', () => {
    expect(sniffTable(new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0])).dialect).toBeNull()
    expect(sniffTable(new Uint8Array(0)).dialect).toBeNull()
    expect(sniffTable(encode('Dies ist ein Text.\nNoch einer.\n')).dialect).toBeNull()
  })
})

describe('readTable', () => {
  it('unwraps gzip', async () => {
    const { report, flows } = await readAll(await gzip(encode(SAMPLES['nsl-kdd'])))
    expect(report.compression).toBe('gzip')
    expect(report.dialect).toBe('nsl-kdd')
    expect(flows).toHaveLength(4)
  })

  it('says a binary file is not a table', async () => {
    const e = await failure(readTable(bytesSource(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0, 1, 2, 3]), 'x.csv')))
    expect(e.code).toBe('not-recognised')
    expect(e.message).toMatch(/zip archive/)
  })

  it('asks for a column mapping when no dialect fits', async () => {
    const e = await failure(readTable(bytesSource(encode('colour,size\nred,3\nblue,4\n'), 'x.csv')))
    expect(e.code).toBe('needs-mapping')
  })

  it('keeps a total-bytes column when no direction is mapped (whole total on the originator side)', async () => {
    const text = 'when,from,to,size,pkts\n1700000000,10.0.0.1,10.0.0.2,1500,3\n1700000001,10.0.0.2,10.0.0.3,40,1\n'
    const mapping = {
      target: 'flows' as const, hasHeader: true, delimiter: ',' as const, columns: ['when', 'from', 'to', 'size', 'pkts'],
      fields: {
        startTime: { column: 0, confidence: 1 }, srcAddr: { column: 1, confidence: 1 }, dstAddr: { column: 2, confidence: 1 },
        totalBytes: { column: 3, confidence: 1 }, totalPkts: { column: 4, confidence: 1 },
      },
      durationUnit: 's' as const, dayFirst: false, featureColumns: [],
    }
    const { flows } = await readAll(text, { mapping })
    expect(flows.map((f) => [f.origBytes, f.respBytes, f.origPkts, f.respPkts])).toEqual([[1500, 0, 3, 0], [40, 0, 1, 0]])
  })

  it('reads an empty table with a dialect given, and refuses an empty file without one', async () => {
    expect((await failure(readTable(bytesSource(new Uint8Array(0), 'e.csv')))).message).toMatch(/empty/)
    const { report } = await readAll('', { dialect: 'cicids' })
    expect(report.records).toBe(0)
  })

  it('lets the user override the sniffed dialect', async () => {
    const { report } = await readAll(SAMPLES.cicids, { dialect: 'generic-flow-csv' })
    expect(report.dialect).toBe('generic-flow-csv')
    expect(report.confidence).toBe(1)
    expect(report.records).toBe(3)
  })

  it('stops at an unbalanced quote with the line, keeping the rows before it', async () => {
    const text = SAMPLES.cicids + '1.1.1.1-2.2.2.2-1-2-6,"1.1.1.1,1,2.2.2.2,2,6,3/7/2017 9:00,1,1,0,0,0,0,0,0,0,0,0,x\r\n' + SAMPLES.cicids.split('\r\n')[1].concat('\r\n').repeat(30_000)
    const { report, flows } = await readAll(text, {}, 64 * 1024)
    expect(flows).toHaveLength(3)
    expect(report.truncated).not.toBe(false)
    expect(report.truncated && report.truncated.line).toBe(5)
    expect(report.truncated && report.truncated.reason).toMatch(/line 5: .*unbalanced quote/)
  })

  it('stops a 100 MB line at the row cap without reading the rest (generated lazily)', async () => {
    const slice = encode('9'.repeat(1024 * 1024))
    const src = lazySource(encode(SAMPLES['nsl-kdd']), slice, 100 * 1024 * 1024)
    const report = await readTable(src)
    expect(report.records).toBe(4)
    expect(report.truncated && report.truncated.line).toBe(5)
    // What bounds the work: under 4 MiB of the 100 MB were ever produced.
    expect(src.produced).toBeLessThan(4 * 1024 * 1024)
  })

  it('counts ragged rows as rejected with their reason and line', async () => {
    const text = SAMPLES.argus + '2019/04/04 16:24:49,1.0,tcp,10.0.0.1\n' + SAMPLES.argus.split('\n')[1] + ',extra\n'
    const { report } = await readAll(text)
    expect(report.records).toBe(2)
    expect(report.rejectedRows).toEqual({ count: 2, reasons: { 'expected 16 fields, found 4': 1, 'expected 16 fields, found 17': 1 }, examples: [{ line: 4, reason: 'expected 16 fields, found 4' }, { line: 5, reason: 'expected 16 fields, found 17' }] })
  })

  it('reads NaN and 1e309 as values, and notes them', async () => {
    const text = SAMPLES.cicids.replace('4000000,666666.6667', 'NaN,1e309')
    const { report, flows } = await readAll(text)
    expect(report.notes).toMatchObject({ 'number.nan': 1, 'number.overflow': 1, 'number.infinity': 2 })
    expect(flows[0].features).toContain(Infinity)
  })

  it('keeps a header named __proto__ and a label "__proto__" as plain data', async () => {
    const text = 'src,dst,__proto__,label\n10.0.0.1,10.0.0.2,5,__proto__\n10.0.0.1,10.0.0.3,6,constructor\n'
    const { report, flows } = await readAll(text, { dialect: 'generic-flow-csv' })
    expect(report.columns).toContain('__proto__')
    expect(Object.keys(report.labels.classes).sort()).toEqual(['__proto__', 'constructor'])
    expect(report.labels.classes['__proto__']).toEqual({ rows: 1 })
    expect(({} as Record<string, unknown>).rows).toBeUndefined()
    // "__proto__" reduces to "proto": the proposed mapping takes it for the protocol column, as plain data.
    expect(flows.map((f) => f.protocol)).toEqual(['5', 'tcp'])
  })

  it('gives up on a dialect that rejects every row, and counts the rows it rejected', async () => {
    const text = 'x,y\n'.repeat(GIVE_UP_AFTER_REJECTS + 500)
    const { report } = await readAll(text, { dialect: 'nsl-kdd' }, 1024)
    expect(report.records).toBe(0)
    expect(report.truncated && report.truncated.reason).toMatch(/rejected/)
    expect(report.rejectedRows.count).toBeGreaterThanOrEqual(GIVE_UP_AFTER_REJECTS)
    expect(report.rejectedRows.examples).toHaveLength(10)
  })

  it('reads binary garbage forced through a dialect as rejected rows, not a crash', async () => {
    const bytes = new Uint8Array(200_000)
    let x = 12345
    for (let i = 0; i < bytes.length; i++) bytes[i] = (x = (x * 1103515245 + 12345) >>> 0) >>> 24
    for (const dialect of ['nsl-kdd', 'cicids', 'unsw-nb15', 'argus', 'zeek-tsv', 'zeek-json', 'suricata-eve', 'wireshark-csv'] as const) {
      const { report } = await readAll(bytes, { dialect }, 4096)
      expect(report.records, dialect).toBe(0)
    }
    for (const dialect of ['generic-flow-csv', 'generic-packet-csv'] as const) {
      expect((await failure(readAll(bytes, { dialect }))).code).toBe('needs-mapping')
    }
  })

  it('stops when the signal aborts', async () => {
    const controller = new AbortController()
    const src = lazySource(encode(SAMPLES['nsl-kdd']), encode(SAMPLES['nsl-kdd'].repeat(100)), 50 * 1024 * 1024)
    let batches = 0
    const read = readTable(src, { signal: controller.signal, onProgress: () => (++batches === 3 ? controller.abort() : undefined) })
    await expect(read).rejects.toMatchObject({ name: 'AbortError' })
    expect(src.produced).toBeLessThan(1024 * 1024)
  })

  it('reports progress and the label classes', async () => {
    const seen: number[] = []
    const { report } = await readAll(SAMPLES['nsl-kdd'], { onProgress: (p) => seen.push(p.bytesRead) }, 100)
    expect(seen.at(-1)).toBe(encode(SAMPLES['nsl-kdd']).length)
    expect(seen).toEqual([...seen].sort((a, b) => a - b))
    expect(report.bytesRead).toBe(seen.at(-1))
  })
})
