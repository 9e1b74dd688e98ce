import { describe, expect, it } from 'vitest'
import { PacketBatch, packetBatchBytes } from './packet-batch.ts'

describe('PacketBatch columns in one buffer', () => {
  it('lays every column out without overlap, so writes to one never show in another', () => {
    const b = new PacketBatch(10)
    type Column = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array
    const columns = Object.values(b).filter((v): v is Column => ArrayBuffer.isView(v))
    expect(columns.length).toBe(29)
    for (const c of columns) expect(c.buffer).toBe(b.buffer)
    columns.forEach((c, k) => c.fill(k + 1))
    columns.forEach((c, k) => expect(Array.from(c)).toEqual(new Array(10).fill(k + 1)))
    expect(b.buffer.byteLength).toBe(packetBatchBytes(10))
  })

  it('reads a batch back from its buffer (as one thread hands a batch to another)', () => {
    const a = new PacketBatch(16)
    a.count = 2
    a.clearRow(0)
    a.clearRow(1)
    a.time[1] = 1700000000.25
    a.srcAddr[1] = 0xdeadbeef
    a.tunnelDstPort[0] = 4789
    const b = new PacketBatch(16, a.buffer.slice(0))
    expect(b.time[1]).toBe(1700000000.25)
    expect(b.srcAddr[1]).toBe(0xdeadbeef)
    expect(b.tunnelDstPort[0]).toBe(4789)
    expect(b.vlan[0]).toBe(a.vlan[0])
  })

  it('clearRows gives every row of its range what clearRow gives, and leaves the rows outside it alone', () => {
    const a = new PacketBatch(12)
    const b = new PacketBatch(12)
    type Column = Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array
    const columnsOf = (x: PacketBatch): Column[] => Object.values(x).filter((v): v is Column => ArrayBuffer.isView(v))
    // Every column scribbled with a value no clear writes, in both batches alike.
    for (const x of [a, b]) columnsOf(x).forEach((c, k) => c.fill(100 + k))
    for (let i = 3; i < 9; i++) a.clearRow(i)
    b.clearRows(3, 9)
    const ca = columnsOf(a)
    const cb = columnsOf(b)
    ca.forEach((c, k) => expect(Array.from(cb[k])).toEqual(Array.from(c)))
    // The clear did change the rows inside the range (of the columns it owns) and not row 2 or row 9.
    expect(b.vlan[3]).toBe(0xffff)
    expect(b.factIndex[8]).toBe(-1)
    expect(b.srcAddr[2]).not.toBe(0)
    expect(b.srcAddr[9]).not.toBe(0)
  })

  it('refuses a buffer too small for its capacity', () => {
    expect(() => new PacketBatch(64, new ArrayBuffer(100))).toThrow(RangeError)
  })
})
