/**
 * Writes pcapng files: https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html
 *
 * Sections in either byte order, interfaces with link type, snaplen, if_tsresol and if_tsoffset, EPB / SPB /
 * obsolete PB packets, comments, and arbitrary blocks (custom, unknown, NRB, ISB) for reader tests. Incremental:
 * blocks are appended and take() hands out the bytes so far.
 */
import { ByteBuilder } from './byte-builder.ts'
import { BLOCK, BYTE_ORDER_MAGIC } from './pcapng.ts'
import { IF_DESCRIPTION, IF_NAME, IF_TSOFFSET, IF_TSRESOL, OPT_COMMENT, OPT_ENDOFOPT } from './pcapng-options.ts'
import type { TsResolution } from './timestamps.ts'
import { tsResolution } from './timestamps.ts'

const utf8 = new TextEncoder()

export interface SectionOptions {
  readonly littleEndian?: boolean
  readonly comment?: string
  /** SHB version; 1.0 unless a test needs another. */
  readonly versionMajor?: number
  readonly versionMinor?: number
}

export interface InterfaceOptions {
  readonly linkType: number
  /** 0 = no limit (the default). */
  readonly snaplen?: number
  /** Raw if_tsresol byte: 6 = microseconds (default), 9 = nanoseconds, 0x80 | n = 2^-n s. */
  readonly tsresol?: number
  /** if_tsoffset in whole seconds. */
  readonly tsOffset?: number
  readonly name?: string
  readonly description?: string
  readonly comment?: string
}

export interface PacketOptions {
  readonly interfaceId: number
  /** Seconds since the epoch (if_tsoffset is subtracted); ignored when `ticks` is given. */
  readonly time?: number
  /** The raw 64-bit timestamp in the interface's units. */
  readonly ticks?: bigint
  readonly data: Uint8Array
  readonly origLen?: number
  readonly comment?: string
}

interface WriterInterface {
  readonly resolution: TsResolution
  readonly tsOffset: number
  readonly snaplen: number
}

export class PcapngWriter {
  private readonly out = new ByteBuilder()
  private le = true
  private ifaces: WriterInterface[] = []
  packets = 0

  constructor(first: SectionOptions = {}) {
    this.section(first)
  }

  /** Starts a block: Block Type and a placeholder Block Total Length. Returns its start for endBlock. */
  private beginBlock(type: number): number {
    const at = this.out.length
    this.out.u32(type, this.le)
    this.out.u32(0, this.le)
    return at
  }

  private endBlock(at: number): void {
    this.out.pad4()
    const total = this.out.length - at + 4
    this.out.u32(total, this.le)
    this.out.setU32(at + 4, total, this.le)
  }

  private option(code: number, value: Uint8Array): void {
    this.out.u16(code, this.le)
    this.out.u16(value.length, this.le)
    this.out.bytes(value)
    this.out.pad4()
  }

  private endOptions(): void {
    this.out.u16(OPT_ENDOFOPT, this.le)
    this.out.u16(0, this.le)
  }

  /** Writes a Section Header Block; the interfaces of the previous section no longer apply. */
  section(options: SectionOptions = {}): void {
    this.le = options.littleEndian ?? true
    this.ifaces = []
    const at = this.beginBlock(BLOCK.SHB)
    this.out.u32(BYTE_ORDER_MAGIC, this.le)
    this.out.u16(options.versionMajor ?? 1, this.le)
    this.out.u16(options.versionMinor ?? 0, this.le)
    this.out.i64(-1n, this.le) // Section Length: not specified
    if (options.comment !== undefined) {
      this.option(OPT_COMMENT, utf8.encode(options.comment))
      this.endOptions()
    }
    this.endBlock(at)
  }

  /** Writes an Interface Description Block and returns its interface id in this section. */
  addInterface(options: InterfaceOptions): number {
    const at = this.beginBlock(BLOCK.IDB)
    this.out.u16(options.linkType, this.le)
    this.out.u16(0, this.le) // Reserved
    this.out.u32(options.snaplen ?? 0, this.le)
    let any = false
    const add = (code: number, value: Uint8Array): void => {
      this.option(code, value)
      any = true
    }
    if (options.name !== undefined) add(IF_NAME, utf8.encode(options.name))
    if (options.description !== undefined) add(IF_DESCRIPTION, utf8.encode(options.description))
    if (options.tsresol !== undefined) add(IF_TSRESOL, Uint8Array.of(options.tsresol))
    if (options.tsOffset !== undefined) {
      const v = new Uint8Array(8)
      new DataView(v.buffer).setBigInt64(0, BigInt(options.tsOffset), this.le)
      add(IF_TSOFFSET, v)
    }
    if (options.comment !== undefined) add(OPT_COMMENT, utf8.encode(options.comment))
    if (any) this.endOptions()
    this.endBlock(at)
    this.ifaces.push({ resolution: tsResolution(options.tsresol ?? 6), tsOffset: options.tsOffset ?? 0, snaplen: options.snaplen ?? 0 })
    return this.ifaces.length - 1
  }

  private iface(id: number): WriterInterface {
    const i = this.ifaces[id]
    if (i === undefined) throw new RangeError(`no interface ${id} in this section`)
    return i
  }

  /** The 64-bit timestamp of a packet, in its interface's units. */
  private ticks(p: PacketOptions): bigint {
    if (p.ticks !== undefined) return p.ticks
    const i = this.iface(p.interfaceId)
    const t = (p.time ?? 0) - i.tsOffset
    if (!(t >= 0)) throw new RangeError(`packet time must not precede if_tsoffset, got ${p.time}`)
    let sec = Math.floor(t)
    let frac = Math.round((t - sec) * i.resolution.div)
    if (frac >= i.resolution.div) {
      sec++
      frac -= i.resolution.div
    }
    return BigInt(sec) * i.resolution.divBig + BigInt(frac)
  }

  private timestamp(ticks: bigint): void {
    if (ticks < 0n || ticks >= 1n << 64n) throw new RangeError(`timestamp ${ticks} does not fit 64 bits`)
    this.out.u32(Number(ticks >> 32n), this.le) // Timestamp (High)
    this.out.u32(Number(ticks & 0xffffffffn), this.le) // Timestamp (Low)
  }

  /** Enhanced Packet Block. */
  packet(p: PacketOptions): void {
    this.iface(p.interfaceId)
    const at = this.beginBlock(BLOCK.EPB)
    this.out.u32(p.interfaceId, this.le)
    this.timestamp(this.ticks(p))
    this.out.u32(p.data.length, this.le) // Captured Packet Length
    this.out.u32(p.origLen ?? p.data.length, this.le) // Original Packet Length
    this.out.bytes(p.data)
    this.out.pad4()
    if (p.comment !== undefined) {
      this.option(OPT_COMMENT, utf8.encode(p.comment))
      this.endOptions()
    }
    this.endBlock(at)
    this.packets++
  }

  /**
   * Simple Packet Block (interface 0, no timestamp). A reader derives the captured length as min(original
   * length, snaplen), so `data` must be exactly that long.
   */
  simplePacket(data: Uint8Array, origLen = data.length): void {
    const { snaplen } = this.iface(0)
    const expected = snaplen !== 0 ? Math.min(origLen, snaplen) : origLen
    if (data.length !== expected) throw new RangeError(`SPB data must be min(original length, snaplen) = ${expected} bytes, got ${data.length}`)
    const at = this.beginBlock(BLOCK.SPB)
    this.out.u32(origLen, this.le) // Original Packet Length
    this.out.bytes(data)
    this.endBlock(at)
    this.packets++
  }

  /** The obsolete Packet Block (type 2): 16-bit interface id and drops count. */
  obsoletePacket(p: PacketOptions): void {
    this.iface(p.interfaceId)
    const at = this.beginBlock(BLOCK.PB)
    this.out.u16(p.interfaceId, this.le)
    this.out.u16(0, this.le) // Drops Count
    this.timestamp(this.ticks(p))
    this.out.u32(p.data.length, this.le)
    this.out.u32(p.origLen ?? p.data.length, this.le)
    this.out.bytes(p.data)
    this.endBlock(at)
    this.packets++
  }

  /** Any other block (NRB, ISB, custom, unknown types) with the given body; padded to 32 bits. */
  block(type: number, body: Uint8Array): void {
    const at = this.beginBlock(type)
    this.out.bytes(body)
    this.endBlock(at)
  }

  /** A custom block (0x00000BAD, or 0x40000BAD when it must not be copied) with a Private Enterprise Number. */
  customBlock(pen: number, payload: Uint8Array, copyable = true): void {
    const at = this.beginBlock(copyable ? BLOCK.CB_COPY : BLOCK.CB_NO_COPY)
    this.out.u32(pen, this.le)
    this.out.bytes(payload)
    this.endBlock(at)
  }

  get pending(): number {
    return this.out.length
  }

  /** The bytes written since the last take. */
  take(): Uint8Array {
    return this.out.take()
  }
}

/** A whole small pcapng file: `build` writes into a writer that already holds the first SHB. */
export function writePcapng(build: (w: PcapngWriter) => void, first: SectionOptions = {}): Uint8Array {
  const w = new PcapngWriter(first)
  build(w)
  return w.take()
}
