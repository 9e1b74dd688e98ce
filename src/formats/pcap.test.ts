import { describe, expect, it } from 'vitest'
import { AnomalyCounter } from '../model/anomalies.ts'
import { isAbort } from './format.ts'
import { PCAP_MAGIC, isPcap, pcap } from './pcap.ts'
import { PcapWriter, writePcap } from './pcap-writer.ts'
import { CollectingSink, concat, frame, hex, readWith, ulpsFrom } from './read-test-utils.ts'
import { bytesSource } from './sources.ts'

/** A hand-built 24-byte file header: magic, version_major, version_minor, thiszone, sigfigs, snaplen, LinkType. */
function header(o: { magic?: number; le?: boolean; major?: number; minor?: number; snaplen?: number; network?: number } = {}): Uint8Array {
  const le = o.le ?? true
  const b = new Uint8Array(24)
  const v = new DataView(b.buffer)
  v.setUint32(0, o.magic ?? PCAP_MAGIC.micro, le)
  v.setUint16(4, o.major ?? 2, le)
  v.setUint16(6, o.minor ?? 4, le)
  v.setUint32(16, o.snaplen ?? 65535, le)
  v.setUint32(20, o.network ?? 1, le)
  return b
}

/** A hand-built record: ts_sec, ts_usec, incl_len, orig_len, then `dataLen` bytes (default incl_len). */
function record(sec: number, frac: number, inclLen: number, origLen: number, dataLen = inclLen, le = true): Uint8Array {
  const b = new Uint8Array(16 + dataLen)
  const v = new DataView(b.buffer)
  v.setUint32(0, sec, le)
  v.setUint32(4, frac, le)
  v.setUint32(8, inclLen, le)
  v.setUint32(12, origLen, le)
  b.set(frame(dataLen, sec), 16)
  return b
}

const SLICE_SIZES = [1, 2, 3, 7, 15, 16, 17, 23, 24, 25, 64, 1000, 1 << 20]

describe('pcap round trip (writer -> reader)', () => {
  const variants = [
    { name: 'little-endian micro', opts: { littleEndian: true }, precision: 'micro' },
    { name: 'big-endian micro', opts: { littleEndian: false }, precision: 'micro' },
    { name: 'little-endian nano', opts: { littleEndian: true, nano: true }, precision: 'nano' },
    { name: 'big-endian nano', opts: { littleEndian: false, nano: true }, precision: 'nano' },
    { name: 'modified big-endian', opts: { littleEndian: false, modified: true }, precision: 'micro' },
    { name: 'modified little-endian', opts: { littleEndian: true, modified: true }, precision: 'micro' },
  ]
  for (const { name, opts, precision } of variants) {
    it(`${name}: every slice size gives the same packets`, async () => {
      const w = new PcapWriter({ ...opts, linkType: 113 })
      const frac = opts.nano ? 1e9 : 1e6
      const input = [
        { sec: 1_700_000_000, f: 123_456, len: 60, orig: 60 },
        { sec: 1_700_000_001, f: frac - 1, len: 0, orig: 0 },
        { sec: 1_700_000_002, f: 0, len: 1514, orig: 9000 },
        { sec: 4_294_967_295, f: 5, len: 33, orig: 33 },
      ]
      for (const p of input) w.rawRecord(p.sec, p.f, frame(p.len, p.sec), p.orig)
      const bytes = w.take()
      for (const size of SLICE_SIZES) {
        const out = await readWith(pcap, bytes, size)
        expect(out.error).toBeNull()
        expect(out.packets.map((p) => [p.linkType, p.capLen, p.origLen])).toEqual(input.map((p) => [113, p.len, p.orig]))
        // Times: microseconds correctly rounded; nanoseconds (beyond 2^53 ticks) within one unit in the last place.
        out.packets.forEach((p, i) => {
          const div = BigInt(frac)
          expect(ulpsFrom(p.time, BigInt(input[i].sec) * div + BigInt(input[i].f), div)).toBeLessThanOrEqual(opts.nano ? 1 : 0.5)
        })
        out.packets.forEach((p, i) => expect(p.data).toEqual(frame(input[i].len, input[i].sec)))
        expect(out.report).toMatchObject({
          format: 'pcap',
          packets: 4,
          capturedBytes: 60 + 1514 + 33,
          bytes: 60 + 9000 + 33,
          linkTypes: [113],
          truncated: false,
          timePrecision: precision,
          sections: 1,
        })
        expect(out.anomalies).toEqual({})
      }
    })
  }

  it('hands records inside one slice to the sink as views, without copying', async () => {
    const bytes = writePcap([0, 1, 2].map((i) => ({ time: 1e9 + i, data: frame(100, i) })))
    const out = await readWith(pcap, bytes, 1 << 20)
    expect(out.packets).toHaveLength(3)
    expect(out.allViews).toBe(true)
  })

  it('converts microsecond times to the nearest double', async () => {
    const fracs = [0, 1, 123_456, 500_000, 999_999, 333_333, 700_001]
    const bytes = concat(header(), ...fracs.map((f, i) => record(1_700_000_000 + i * 99_991, f, 4, 4)))
    const out = await readWith(pcap, bytes)
    out.packets.forEach((p, i) => {
      expect(ulpsFrom(p.time, BigInt(1_700_000_000 + i * 99_991) * 1_000_000n + BigInt(fracs[i]), 1_000_000n)).toBeLessThanOrEqual(0.5)
    })
  })
})

describe('pcap sniffing', () => {
  it('recognises all six magic numbers and nothing else', () => {
    for (const m of Object.values(PCAP_MAGIC)) {
      const b = new Uint8Array(4)
      new DataView(b.buffer).setUint32(0, m, false)
      expect(isPcap(b)).toBe(true)
    }
    expect(isPcap(hex('0a0d0d0a'))).toBe(false)
    expect(isPcap(hex('a1b2c3'))).toBe(false)
    expect(isPcap(hex('a1b2c3d5'))).toBe(false)
  })
})

describe('pcap malformed input (shared/RELIABILITY.md rows 1-12)', () => {
  it('row 1: an unknown magic number is rejected as not-recognised', async () => {
    const out = await readWith(pcap, concat(header({ magic: 0xa1b2c3d5 }), record(1, 0, 4, 4)))
    expect(out.error?.code).toBe('not-recognised')
  })

  it('row 2: a header under 24 bytes is rejected as truncated-header, for every length 0-23', async () => {
    const full = concat(header(), record(1, 0, 4, 4))
    for (let n = 0; n < 24; n++) {
      const out = await readWith(pcap, full.subarray(0, n))
      expect(out.error?.code).toBe('truncated-header')
    }
  })

  it('row 3: major versions other than 2 are rejected (as libpcap and Wireshark do)', async () => {
    for (const [major, minor] of [
      [0, 0],
      [1, 4],
      [3, 0],
      [0xffff, 0xffff],
    ]) {
      const out = await readWith(pcap, concat(header({ major, minor }), record(1, 0, 4, 4)))
      expect(out.error?.code).toBe('unsupported-version')
    }
  })

  it('row 3: minor version 5 is read as 2.4 with an anomaly', async () => {
    const out = await readWith(pcap, concat(header({ minor: 5 }), record(1, 0, 4, 4)))
    expect(out.report?.packets).toBe(1)
    expect(out.anomalies['pcap.version_minor_unknown']).toBe(1)
  })

  it('row 3: versions before 2.3 store incl_len and orig_len swapped; 2.3 swaps only when incl_len > orig_len', async () => {
    // 2.2: the field at offset 8 holds orig_len (100), the one at 12 holds incl_len (10).
    const swapped = await readWith(pcap, concat(header({ minor: 2 }), record(1, 0, 100, 10, 10)))
    expect(swapped.packets.map((p) => [p.capLen, p.origLen])).toEqual([[10, 100]])
    const maybe = await readWith(pcap, concat(header({ minor: 3 }), record(1, 0, 100, 10, 10), record(2, 0, 10, 100, 10)))
    expect(maybe.packets.map((p) => [p.capLen, p.origLen])).toEqual([
      [10, 100],
      [10, 100],
    ])
  })

  it('row 4: snaplen 0 and snaplen above the maximum are clamped with an anomaly; nothing is sized from them', async () => {
    const zero = await readWith(pcap, concat(header({ snaplen: 0 }), record(1, 0, 60, 60)))
    expect(zero.anomalies['pcap.snaplen_zero']).toBe(1)
    expect(zero.report?.interfaces[0].snaplen).toBe(262144)
    const huge = await readWith(pcap, concat(header({ snaplen: 0xffffffff }), record(1, 0, 60, 60)))
    expect(huge.anomalies['pcap.snaplen_clamped']).toBe(1)
    expect(huge.report?.interfaces[0].snaplen).toBe(262144)
    expect(huge.packets).toHaveLength(1)
  })

  it('row 4/9: incl_len above a small snaplen is accepted whole with an anomaly', async () => {
    const out = await readWith(pcap, concat(header({ snaplen: 1 }), record(1, 0, 60, 60), record(2, 0, 1, 60)))
    expect(out.packets.map((p) => p.capLen)).toEqual([60, 1])
    expect(out.anomalies['pcap.caplen_gt_snaplen']).toBe(1)
  })

  it('row 5: any link type is passed through; FCS bits are ignored; reserved bits reject the file', async () => {
    for (const lt of [0, 101, 113, 276, 0xffff]) {
      const out = await readWith(pcap, concat(header({ network: lt }), record(1, 0, 5, 5)))
      expect(out.packets[0].linkType).toBe(lt)
      expect(out.report?.capturedBytes).toBe(5)
    }
    const fcs = await readWith(pcap, concat(header({ network: 0x34000001 }), record(1, 0, 5, 5)))
    expect(fcs.packets[0].linkType).toBe(1)
    const reserved = await readWith(pcap, concat(header({ network: 0x00300001 }), record(1, 0, 5, 5)))
    expect(reserved.error?.code).toBe('bad-block')
    expect(reserved.error?.message).toContain('0x00300000')
  })

  it('row 6: 1-15 bytes of a record header at the end: truncated at that header, earlier packets kept', async () => {
    const good = concat(header(), record(1, 0, 8, 8))
    const next = record(2, 0, 8, 8)
    for (let n = 1; n < 16; n++) {
      const out = await readWith(pcap, concat(good, next.subarray(0, n)))
      expect(out.report?.packets).toBe(1)
      expect(out.report?.truncated).toBe(good.length)
      expect(out.anomalies['pcap.record_truncated']).toBe(1)
    }
  })

  it('row 7: incl_len beyond the bytes left: truncated at the record header', async () => {
    const good = concat(header(), record(1, 0, 8, 8))
    const out = await readWith(pcap, concat(good, record(2, 0, 1000, 1000, 10)), 7)
    expect(out.report?.packets).toBe(1)
    expect(out.report?.truncated).toBe(good.length)
  })

  it('row 8: absurd incl_len stops the read at that record (TRUNC) with an anomaly, without allocating it', async () => {
    for (const incl of [262145, 0x7fffffff, 0xffffffff]) {
      const good = concat(header(), record(1, 0, 8, 8))
      const out = await readWith(pcap, concat(good, record(2, 0, incl, incl, 16), record(3, 0, 8, 8)))
      expect(out.report?.packets).toBe(1)
      expect(out.report?.truncated).toBe(good.length)
      expect(out.anomalies['pcap.caplen_absurd']).toBe(1)
    }
  })

  it('row 8: the limit depends on the link type (D-Bus messages may be large)', async () => {
    const big = 300_000
    const out = await readWith(pcap, concat(header({ network: 231, snaplen: 128 * 1024 * 1024 }), record(1, 0, big, big)), 65536)
    expect(out.packets.map((p) => p.capLen)).toEqual([big])
    expect(out.report?.truncated).toBe(false)
  })

  it('row 10: incl_len > orig_len (or orig_len 0) is kept by incl_len with an anomaly', async () => {
    const out = await readWith(pcap, concat(header(), record(1, 0, 20, 10), record(2, 0, 20, 0)))
    expect(out.packets.map((p) => [p.capLen, p.origLen])).toEqual([
      [20, 10],
      [20, 0],
    ])
    expect(out.anomalies['pcap.caplen_gt_len']).toBe(2)
  })

  it('row 11: many zero-length records each move 16 bytes and reach the sink as empty views', async () => {
    const parts = [header()]
    for (let i = 0; i < 1000; i++) parts.push(record(i, 0, 0, 0))
    const out = await readWith(pcap, concat(...parts), 5)
    expect(out.report?.packets).toBe(1000)
    expect(out.packets.every((p) => p.capLen === 0 && p.data.length === 0)).toBe(true)
    expect(out.report?.truncated).toBe(false)
  })

  it('row 12: a fraction of a second >= 1 s is an anomaly and still carried into the seconds', async () => {
    const micro = await readWith(pcap, concat(header(), record(10, 1_500_000, 4, 4), record(0xffffffff, 0, 4, 4)))
    expect(micro.packets.map((p) => p.time)).toEqual([11.5, 0xffffffff])
    expect(micro.anomalies['pcap.ts_usec_overflow']).toBe(1)
    const nano = await readWith(pcap, concat(header({ magic: PCAP_MAGIC.nano }), record(10, 2_000_000_000, 4, 4)))
    expect(nano.packets[0].time).toBe(12)
    expect(nano.anomalies['pcap.ts_nsec_overflow']).toBe(1)
  })

  it('row 12: time going backwards is an anomaly, never an error', async () => {
    const out = await readWith(pcap, concat(header(), record(100, 0, 4, 4), record(0, 0, 4, 4), record(50, 0, 4, 4)))
    expect(out.packets.map((p) => p.time)).toEqual([100, 0, 50])
    expect(out.anomalies['pcap.ts_backwards']).toBe(1)
  })

  it('a file of only a header has no packets and ends cleanly', async () => {
    const out = await readWith(pcap, header({ network: 101 }))
    expect(out.report).toMatchObject({ packets: 0, truncated: false, linkTypes: [] })
    expect(out.report?.interfaces[0].linkType).toBe(101)
  })
})

describe('pcap reading control', () => {
  const bytes = writePcap(Array.from({ length: 50 }, (_, i) => ({ time: i, data: frame(100, i) })))

  it('reports progress once per slice and stops with AbortError when the signal fires', async () => {
    const controller = new AbortController()
    const progress: number[] = []
    const sink = new CollectingSink()
    const read = pcap.read(bytesSource(bytes, 't', 1000), sink, {
      anomalies: new AnomalyCounter(),
      signal: controller.signal,
      onProgress: (p) => {
        progress.push(p.bytesRead)
        if (p.bytesRead >= 3000) controller.abort()
      },
    })
    const error = await read.then(
      () => null,
      (e: unknown) => e,
    )
    expect(isAbort(error)).toBe(true)
    expect(progress).toEqual([1000, 2000, 3000])
    expect(sink.packets.length).toBeLessThan(50)
  })

  it('reports progress for every slice of a complete read', async () => {
    const progress: number[] = []
    await pcap.read(bytesSource(bytes, 't', 2048), new CollectingSink(), {
      anomalies: new AnomalyCounter(),
      onProgress: (p) => progress.push(p.bytesRead),
    })
    expect(progress).toHaveLength(Math.ceil(bytes.length / 2048))
    expect(progress.at(-1)).toBe(bytes.length)
  })
})
