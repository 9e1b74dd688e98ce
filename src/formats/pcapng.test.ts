import { describe, expect, it } from 'vitest'
import { BLOCK, isPcapng, pcapng } from './pcapng.ts'
import { PcapngWriter, writePcapng } from './pcapng-writer.ts'
import { concat, frame, hex, readWith, ulpsFrom } from './read-test-utils.ts'

/** A hand-built block: Block Type, Block Total Length, body (padded), Block Total Length (either may be overridden). */
function block(type: number, body: Uint8Array, o: { le?: boolean; total?: number; trailer?: number } = {}): Uint8Array {
  const le = o.le ?? true
  const padded = (body.length + 3) & ~3
  const total = 12 + padded
  const b = new Uint8Array(total)
  const v = new DataView(b.buffer)
  v.setUint32(0, type, le)
  v.setUint32(4, o.total ?? total, le)
  b.set(body, 8)
  v.setUint32(total - 4, o.trailer ?? o.total ?? total, le)
  return b
}

/** SHB body: Byte-Order Magic, Major Version, Minor Version, Section Length (-1), then options. */
function shb(o: { le?: boolean; major?: number; minor?: number; options?: Uint8Array; total?: number; trailer?: number } = {}): Uint8Array {
  const le = o.le ?? true
  const body = new Uint8Array(16 + (o.options?.length ?? 0))
  const v = new DataView(body.buffer)
  v.setUint32(0, 0x1a2b3c4d, le)
  v.setUint16(4, o.major ?? 1, le)
  v.setUint16(6, o.minor ?? 0, le)
  v.setBigInt64(8, -1n, le)
  if (o.options) body.set(o.options, 16)
  return block(BLOCK.SHB, body, { le, total: o.total, trailer: o.trailer })
}

/** IDB body: LinkType, Reserved, SnapLen, options. */
function idb(linkType: number, snaplen = 0, options: Uint8Array = new Uint8Array(0), le = true): Uint8Array {
  const body = new Uint8Array(8 + options.length)
  const v = new DataView(body.buffer)
  v.setUint16(0, linkType, le)
  v.setUint32(4, snaplen, le)
  body.set(options, 8)
  return block(BLOCK.IDB, body, { le })
}

/** EPB body: Interface ID, Timestamp (High), Timestamp (Low), Captured Packet Length, Original Packet Length, data. */
function epb(o: { ifId?: number; hi?: number; lo?: number; capLen?: number; origLen?: number; data?: Uint8Array; le?: boolean; total?: number; trailer?: number; after?: Uint8Array }): Uint8Array {
  const le = o.le ?? true
  const data = o.data ?? frame(8)
  const padded = (data.length + 3) & ~3
  const body = new Uint8Array(20 + padded + (o.after?.length ?? 0))
  const v = new DataView(body.buffer)
  v.setUint32(0, o.ifId ?? 0, le)
  v.setUint32(4, o.hi ?? 0, le)
  v.setUint32(8, o.lo ?? 1_000_000, le)
  v.setUint32(12, o.capLen ?? data.length, le)
  v.setUint32(16, o.origLen ?? data.length, le)
  body.set(data, 20)
  if (o.after) body.set(o.after, 20 + padded)
  return block(BLOCK.EPB, body, { le, total: o.total, trailer: o.trailer })
}

/** One option: option_code, option_length, value padded to 32 bits. */
function opt(code: number, value: Uint8Array, le = true): Uint8Array {
  const b = new Uint8Array(4 + ((value.length + 3) & ~3))
  const v = new DataView(b.buffer)
  v.setUint16(0, code, le)
  v.setUint16(2, value.length, le)
  b.set(value, 4)
  return b
}

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)
const SLICE_SIZES = [1, 2, 3, 4, 5, 11, 12, 13, 31, 32, 33, 100, 4096, 1 << 20]

describe('pcapng round trip (writer -> reader)', () => {
  /** Two sections of opposite byte order, three kinds of packet, comments, and blocks the reader must skip. */
  function sample(): { bytes: Uint8Array; expected: { linkType: number; time: number; capLen: number; origLen: number; data: Uint8Array }[] } {
    const expected: { linkType: number; time: number; capLen: number; origLen: number; data: Uint8Array }[] = []
    const bytes = writePcapng(
      (w) => {
        const eth = w.addInterface({ linkType: 1, snaplen: 200, name: 'eth0', description: 'uplink', comment: 'idb note', tsresol: 9 })
        w.block(BLOCK.NRB, new Uint8Array(4)) // NRB with only nrb_record_end
        const raw = w.addInterface({ linkType: 101, tsresol: 0x80 | 10, tsOffset: 1_700_000_001 })
        w.customBlock(32473, utf8('custom payload'))
        w.packet({ interfaceId: eth, ticks: 1_700_000_000_123_456_789n, data: frame(60, 1), comment: 'first packet' })
        expected.push({ linkType: 1, time: 1_700_000_000.123456789, capLen: 60, origLen: 60, data: frame(60, 1) })
        w.packet({ interfaceId: raw, ticks: 1024n * 5n + 512n, data: frame(41, 2), origLen: 1400 })
        expected.push({ linkType: 101, time: 1_700_000_006.5, capLen: 41, origLen: 1400, data: frame(41, 2) })
        w.block(BLOCK.ISB, new Uint8Array(12))
        w.block(BLOCK.DSB, utf8('TLS_KEY secret-should-never-appear'))
        w.block(0x12345678, new Uint8Array(7))
        w.simplePacket(frame(64, 3), 64)
        expected.push({ linkType: 1, time: 1_700_000_006.5, capLen: 64, origLen: 64, data: frame(64, 3) })
        w.obsoletePacket({ interfaceId: eth, ticks: 1_700_000_010_000_000_000n, data: frame(30, 4), origLen: 90 })
        expected.push({ linkType: 1, time: 1_700_000_010, capLen: 30, origLen: 90, data: frame(30, 4) })
        w.section({ littleEndian: false, comment: 'second section' })
        const ppp = w.addInterface({ linkType: 9 })
        w.customBlock(32473, utf8('no copy'), false)
        w.packet({ interfaceId: ppp, ticks: 1_700_000_020_250_000n, data: frame(0, 5) })
        expected.push({ linkType: 9, time: 1_700_000_020.25, capLen: 0, origLen: 0, data: frame(0, 5) })
      },
      { littleEndian: true, comment: 'file comment' },
    )
    return { bytes, expected }
  }

  it('reads every packet back with its link type, time, lengths and bytes, for every slice size', async () => {
    const { bytes, expected } = sample()
    for (const size of SLICE_SIZES) {
      const out = await readWith(pcapng, bytes, size)
      expect(out.error).toBeNull()
      expect(out.packets.map((p) => [p.linkType, p.capLen, p.origLen])).toEqual(expected.map((e) => [e.linkType, e.capLen, e.origLen]))
      out.packets.forEach((p, i) => {
        expect(p.data).toEqual(expected[i].data)
        expect(Math.abs(p.time - expected[i].time)).toBeLessThan(1e-6)
      })
      expect(out.report).toMatchObject({
        format: 'pcapng',
        packets: 5,
        capturedBytes: 60 + 41 + 64 + 30 + 0,
        bytes: 60 + 1400 + 64 + 90 + 0,
        linkTypes: [1, 9, 101],
        truncated: false,
        sections: 2,
        timePrecision: 'nano',
        comments: ['file comment', 'interface 0: idb note', 'packet 1: first packet', 'second section'],
      })
      expect(out.report?.interfaces).toEqual([
        { linkType: 1, snaplen: 200, name: 'eth0', description: 'uplink', tsUnit: 1e-9, tsOffset: 0 },
        { linkType: 101, snaplen: 0, name: null, description: null, tsUnit: 1 / 1024, tsOffset: 1_700_000_001 },
        { linkType: 9, snaplen: 0, name: null, description: null, tsUnit: 1e-6, tsOffset: 0 },
      ])
      expect(out.anomalies).toEqual({ 'pcapng.custom_block_skipped': 2, 'pcapng.dsb_skipped': 1, 'pcapng.unknown_block': 1 })
    }
  })

  it('never stores decryption secrets: they appear nowhere in the report', async () => {
    const out = await readWith(pcapng, sample().bytes)
    expect(JSON.stringify(out.report)).not.toContain('secret')
  })

  it('hands packets inside one slice to the sink as views, without copying', async () => {
    const out = await readWith(pcapng, sample().bytes, 1 << 20)
    expect(out.allViews).toBe(true)
  })

  it('converts 64-bit tick counts above 2^53 to within one unit in the last place, at every resolution', async () => {
    const cases: [number, bigint][] = [
      [9, 1_700_000_000_999_999_999n],
      [9, 0xffff_ffff_ffff_ffffn],
      [6, 1_700_000_000_123_456n],
      [3, 0x0020_0000_0000_0001n],
      [0x80 | 30, 1_700_000_000n << 30n],
      [12, 1_700_000_000_123_456_789_012n & 0xffff_ffff_ffff_ffffn],
      [18, 0xffff_ffff_ffff_ffffn],
      [0, 1_700_000_000n],
    ]
    for (const [tsresol, ticks] of cases) {
      const bytes = writePcapng((w) => {
        w.addInterface({ linkType: 1, tsresol })
        w.packet({ interfaceId: 0, ticks, data: frame(4) })
      })
      const out = await readWith(pcapng, bytes)
      const den = tsresol & 0x80 ? 1n << BigInt(tsresol & 0x7f) : 10n ** BigInt(tsresol)
      expect(ulpsFrom(out.packets[0].time, ticks, den)).toBeLessThanOrEqual(1)
    }
  })
})

describe('pcapng sniffing', () => {
  it('recognises the SHB block type in either byte order only', () => {
    expect(isPcapng(shb())).toBe(true)
    expect(isPcapng(shb({ le: false }))).toBe(true)
    expect(isPcapng(hex('d4c3b2a1'))).toBe(false)
    expect(isPcapng(hex('0a0d0d'))).toBe(false)
  })
})

describe('pcapng malformed input (shared/RELIABILITY.md rows 12-23)', () => {
  const head = concat(shb(), idb(1))
  const good = epb({ lo: 5 })

  it('row 13: a first block that is not an SHB, or an SHB with a bad byte-order magic, is rejected', async () => {
    expect((await readWith(pcapng, concat(idb(1), good))).error?.code).toBe('not-recognised')
    const badBom = shb()
    badBom.set(hex('11223344'), 8)
    expect((await readWith(pcapng, concat(badBom, idb(1)))).error?.code).toBe('bad-block')
  })

  it('row 13: an SHB alone is an empty capture; a cut SHB is a truncated header', async () => {
    const alone = await readWith(pcapng, shb())
    expect(alone.report).toMatchObject({ packets: 0, truncated: false, sections: 1, linkTypes: [] })
    for (let n = 0; n < shb().length; n++) expect((await readWith(pcapng, shb().subarray(0, n))).error?.code).toBe('truncated-header')
  })

  it('row 13: SHB versions other than 1.0 and 1.2 are rejected in the first section', async () => {
    expect((await readWith(pcapng, concat(shb({ minor: 2 }), idb(1), good))).report?.packets).toBe(1)
    for (const [major, minor] of [
      [0, 1],
      [1, 1],
      [2, 0],
    ]) {
      expect((await readWith(pcapng, concat(shb({ major, minor }), idb(1), good))).error?.code).toBe('unsupported-version')
    }
  })

  it('row 14: a block length of 0, 4, 8 or 11 stops the read at that block (TRUNC) with an anomaly', async () => {
    for (const total of [0, 4, 8, 11]) {
      const out = await readWith(pcapng, concat(head, good, epb({ total }), good))
      expect(out.report?.packets).toBe(1)
      expect(out.report?.truncated).toBe(head.length + good.length)
      expect(out.anomalies['pcapng.block_len_too_small']).toBe(1)
    }
  })

  it('row 14: a first SHB with a bad length rejects the file', async () => {
    expect((await readWith(pcapng, concat(shb({ total: 12 }), idb(1)))).error?.code).toBe('bad-block')
  })

  it('row 15: a block length that is not a multiple of 4 stops the read with an anomaly', async () => {
    for (const total of [13, 15, 33]) {
      const out = await readWith(pcapng, concat(head, good, epb({ total }), good))
      expect(out.report?.truncated).toBe(head.length + good.length)
      expect(out.anomalies['pcapng.block_len_unaligned']).toBe(1)
    }
  })

  it('row 16: a block longer than the bytes left is truncation; over 16 MiB is damage; an SHB over 1 MiB is rejected', async () => {
    const cut = await readWith(pcapng, concat(head, good, epb({ total: 4096 })), 7)
    expect(cut.report).toMatchObject({ packets: 1, truncated: head.length + good.length })
    expect(cut.anomalies['pcapng.block_truncated']).toBe(1)
    for (const total of [16 * 1024 * 1024 + 4, 0xfffffffc]) {
      const out = await readWith(pcapng, concat(head, good, epb({ total }), good))
      expect(out.report).toMatchObject({ packets: 1, truncated: head.length + good.length })
      expect(out.anomalies['pcapng.block_too_large']).toBe(1)
    }
    expect((await readWith(pcapng, shb({ total: 2 * 1024 * 1024 }))).error?.code).toBe('bad-block')
  })

  it('row 17: a trailer length that differs from the header stops the read with an anomaly', async () => {
    for (const trailer of [0, 44, 36]) {
      const out = await readWith(pcapng, concat(head, good, epb({ trailer }), good))
      expect(out.report).toMatchObject({ packets: 1, truncated: head.length + good.length })
      expect(out.anomalies['pcapng.trailer_mismatch']).toBe(1)
    }
    expect((await readWith(pcapng, concat(shb({ trailer: 4 }), idb(1)))).error?.code).toBe('bad-block')
  })

  it('row 18: each section has its own byte order and interface table', async () => {
    const bytes = concat(
      head,
      good,
      shb({ le: false }),
      idb(101, 0, new Uint8Array(0), false),
      epb({ ifId: 0, le: false, lo: 7 }),
      epb({ ifId: 1, le: false }),
      shb({ le: true }),
      epb({ ifId: 0 }),
    )
    const out = await readWith(pcapng, bytes)
    expect(out.packets.map((p) => p.linkType)).toEqual([1, 101])
    expect(out.report?.sections).toBe(3)
    expect(out.anomalies['pcapng.unknown_interface']).toBe(2)
  })

  it('row 18: a later section with an unsupported version is skipped up to the next SHB', async () => {
    const bytes = concat(head, good, shb({ major: 2 }), idb(1), good, shb(), idb(113), good)
    const out = await readWith(pcapng, bytes)
    expect(out.packets.map((p) => p.linkType)).toEqual([1, 113])
    expect(out.anomalies['pcapng.section_version_unsupported']).toBe(1)
  })

  it('row 19: an EPB naming an interface that was never described is skipped with an anomaly', async () => {
    const out = await readWith(pcapng, concat(head, epb({ ifId: 1 }), epb({ ifId: 0xffffffff }), good))
    expect(out.report?.packets).toBe(1)
    expect(out.anomalies['pcapng.unknown_interface']).toBe(2)
    expect((await readWith(pcapng, concat(shb(), good))).anomalies['pcapng.unknown_interface']).toBe(1)
  })

  it('row 20: captured length past the block body is clamped; above snaplen or original length it is kept', async () => {
    const past = await readWith(pcapng, concat(head, epb({ data: frame(8), capLen: 5000 })))
    expect(past.packets.map((p) => p.capLen)).toEqual([8])
    expect(past.anomalies['pcapng.caplen_past_block']).toBe(1)
    const snap = await readWith(pcapng, concat(shb(), idb(1, 4), epb({ data: frame(8), origLen: 6 })))
    expect(snap.packets.map((p) => [p.capLen, p.origLen])).toEqual([[8, 6]])
    expect(snap.anomalies).toMatchObject({ 'pcapng.caplen_gt_snaplen': 1, 'pcapng.caplen_gt_len': 1 })
  })

  it('row 20: a block too short for its type is skipped with an anomaly', async () => {
    const shortEpb = block(BLOCK.EPB, new Uint8Array(8))
    const shortIdb = block(BLOCK.IDB, new Uint8Array(4))
    const out = await readWith(pcapng, concat(head, shortEpb, shortIdb, good))
    expect(out.report?.packets).toBe(1)
    expect(out.anomalies['pcapng.block_too_small']).toBe(2)
  })

  it('row 21: options that run past the block, lack opt_endofopt or are unknown never break the block', async () => {
    const overrun = concat(opt(1, utf8('ok')), hex('0100 ff00'))
    const noEnd = concat(opt(2, utf8('eth9')), opt(0x7777, new Uint8Array(3)), opt(1, new Uint8Array(0)))
    const bytes = concat(shb({ options: overrun }), idb(1, 0, noEnd), epb({ after: hex('0100 4000 6869') }), good)
    const out = await readWith(pcapng, bytes)
    expect(out.report?.packets).toBe(2)
    expect(out.report?.interfaces[0].name).toBe('eth9')
    expect(out.report?.comments).toEqual(['ok', 'interface 0: '])
    expect(out.anomalies['pcapng.option_overrun']).toBe(2)
  })

  it('row 21: comments are escaped for display and capped in number', async () => {
    const evil = '\u202eevil\u0000<script>'
    const bytes = writePcapng((w) => {
      w.addInterface({ linkType: 1 })
      for (let i = 0; i < 100; i++) w.packet({ interfaceId: 0, ticks: BigInt(i), data: frame(4), comment: i === 0 ? evil : `c${i}` })
    })
    const out = await readWith(pcapng, bytes)
    expect(out.report?.comments[0]).toBe('packet 1: \\u{202e}evil\\x00<script>')
    expect(out.report?.comments).toHaveLength(64)
    expect(out.report?.packets).toBe(100)
  })

  it('row 22: if_tsresol beyond 10^-18 or 2^-63 is capped with an anomaly; resolution 0 means seconds', async () => {
    for (const raw of [0x7f, 0xff]) {
      const out = await readWith(pcapng, concat(shb(), idb(1, 0, opt(9, Uint8Array.of(raw))), epb({ hi: 1, lo: 0 })))
      expect(out.anomalies['pcapng.tsresol_capped']).toBe(1)
      expect(Number.isFinite(out.packets[0].time)).toBe(true)
    }
    const seconds = await readWith(pcapng, concat(shb(), idb(1, 0, opt(9, Uint8Array.of(0))), epb({ hi: 0, lo: 1234 })))
    expect(seconds.packets[0].time).toBe(1234)
    const badLength = await readWith(pcapng, concat(shb(), idb(1, 0, opt(9, Uint8Array.of(9, 9))), epb({ lo: 5 })))
    expect(badLength.anomalies['pcapng.tsresol_bad_length']).toBe(1)
    expect(badLength.packets[0].time).toBe(5e-6)
  })

  it('row 22: if_tsoffset (signed) is added to every timestamp', async () => {
    const offset = (v: bigint): Uint8Array => {
      const b = new Uint8Array(8)
      new DataView(b.buffer).setBigInt64(0, v, true)
      return opt(14, b)
    }
    const plus = await readWith(pcapng, concat(shb(), idb(1, 0, offset(100n)), epb({ lo: 2_000_000 })))
    expect(plus.packets[0].time).toBe(102)
    const minus = await readWith(pcapng, concat(shb(), idb(1, 0, offset(-1n)), epb({ lo: 2_000_000 })))
    expect(minus.packets[0].time).toBe(1)
  })

  it('row 23: an SPB before any IDB is skipped; its captured length is min(original length, body, snaplen)', async () => {
    const spb = (origLen: number, data: Uint8Array): Uint8Array => {
      const body = new Uint8Array(4 + data.length)
      new DataView(body.buffer).setUint32(0, origLen, true)
      body.set(data, 4)
      return block(BLOCK.SPB, body)
    }
    const none = await readWith(pcapng, concat(shb(), spb(10, frame(10))))
    expect(none.report?.packets).toBe(0)
    expect(none.anomalies['pcapng.spb_without_idb']).toBe(1)
    const out = await readWith(pcapng, concat(shb(), idb(1, 6), epb({ lo: 3_000_000 }), spb(10, frame(10)), spb(2, frame(2)), spb(1500, frame(4))))
    expect(out.packets.map((p) => [p.capLen, p.origLen, p.time])).toEqual([
      [8, 8, 3],
      [6, 10, 3],
      [2, 2, 3],
      [4, 1500, 3],
    ])
  })

  it('row 23: an SPB before any timed packet gets time 0 and an anomaly', async () => {
    const bytes = writePcapng((w) => {
      w.addInterface({ linkType: 1 })
      w.simplePacket(frame(10))
    })
    const out = await readWith(pcapng, bytes)
    expect(out.packets[0].time).toBe(0)
    expect(out.anomalies['pcapng.spb_time_unknown']).toBe(1)
  })

  it('row 12: time going backwards is an anomaly', async () => {
    const out = await readWith(pcapng, concat(head, epb({ lo: 9 }), epb({ lo: 3 })))
    expect(out.packets.map((p) => p.time)).toEqual([9e-6, 3e-6])
    expect(out.anomalies['pcapng.ts_backwards']).toBe(1)
  })

  it('a very large number of IDBs is capped per section', async () => {
    const w = new PcapngWriter()
    for (let i = 0; i < 65537; i++) w.addInterface({ linkType: 1 })
    w.packet({ interfaceId: 65536, ticks: 0n, data: frame(4) })
    const out = await readWith(pcapng, w.take())
    expect(out.anomalies['pcapng.too_many_interfaces']).toBe(1)
    expect(out.anomalies['pcapng.unknown_interface']).toBe(1)
    expect(out.report?.interfaces.length).toBe(1024)
  })
})
