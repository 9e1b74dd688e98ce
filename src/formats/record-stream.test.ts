import { describe, expect, it } from 'vitest'
import type { RecordFramer } from './record-stream.ts'
import { Carry, readRecords } from './record-stream.ts'
import { frame } from './read-test-utils.ts'
import { bytesSource } from './sources.ts'

/** Records of one length byte followed by that many bytes; a length byte of 0xff asks the stream to stop. */
class ByteLengthFramer implements RecordFramer {
  need = 1
  packets = 0
  readonly seen: number[][] = []
  measure(buf: Uint8Array, _view: DataView, pos: number): number {
    return buf[pos] === 0xff ? -1 : 1 + buf[pos]
  }
  handle(buf: Uint8Array, _view: DataView, pos: number, total: number): boolean {
    this.seen.push(Array.from(buf.subarray(pos + 1, pos + total)))
    this.packets++
    return true
  }
}

describe('readRecords', () => {
  const input = Uint8Array.of(2, 10, 11, 0, 3, 20, 21, 22, 1, 30)

  it('gives the same records for every slice size, carrying records across slices', async () => {
    for (let size = 1; size <= input.length + 1; size++) {
      const framer = new ByteLengthFramer()
      const result = await readRecords(bytesSource(input, 'x', size), framer, {})
      expect(framer.seen).toEqual([[10, 11], [], [20, 21, 22], [30]])
      expect(result).toEqual({ truncated: false, endedInsideRecord: false, bytesRead: input.length })
    }
  })

  it('reports the start of a record the input ends inside', async () => {
    for (let size = 1; size <= 4; size++) {
      const framer = new ByteLengthFramer()
      const result = await readRecords(bytesSource(input.subarray(0, 6), 'x', size), framer, {})
      expect(framer.seen).toEqual([[10, 11], []])
      expect(result.truncated).toBe(4)
      expect(result.endedInsideRecord).toBe(true)
    }
  })

  it('stops where the framer refuses a record, and on a length that would not move forward', async () => {
    const framer = new ByteLengthFramer()
    const result = await readRecords(bytesSource(Uint8Array.of(0, 0xff, 5, 5), 'x', 2), framer, {})
    expect(result).toMatchObject({ truncated: 1, endedInsideRecord: false })
    const stuck: RecordFramer = { need: 4, packets: 0, measure: () => 2, handle: () => true }
    expect((await readRecords(bytesSource(frame(16), 'x', 3), stuck, {})).truncated).toBe(0)
  })
})

describe('Carry', () => {
  it('grows only with the bytes that arrived, never to a claimed record length', () => {
    const carry = new Carry()
    carry.start(frame(100), 0, 0)
    carry.total = 16 * 1024 * 1024
    for (let i = 0; i < 10; i++) carry.append(frame(100), 0, 100)
    expect(carry.length).toBe(1100)
    expect(carry.buf.length).toBeLessThanOrEqual(2 * 1100)
    expect(Array.from(carry.buf.subarray(1000, 1100))).toEqual(Array.from(frame(100)))
  })
})
