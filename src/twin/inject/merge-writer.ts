/**
 * Writes the merged traffic: ordinary packets as they come (any link type), attack frames (Ethernet) between
 * them by time, like ID2T merges attack pcaps into a background capture. Each packet's label goes into a
 * LabelRuns in the same order. Output is handed on in chunks of about 1 MiB (`write`), so neither input nor
 * output sits whole in memory. pcap holds one link type only: if the traffic is not Ethernet, attack frames
 * cannot be written there and the writer refuses with a clear message (pcapng holds one interface per link
 * type, so it takes both).
 */
import type { PacketSink } from '../../formats/format.ts'
import { PcapWriter } from '../../formats/pcap-writer.ts'
import { PcapngWriter } from '../../formats/pcapng-writer.ts'
import { LabelRuns } from '../labels/label-runs.ts'
import type { AttackFrames } from '../scenarios/attack-frames.ts'

export const LINKTYPE_ETHERNET = 1
const CHUNK = 1 << 20

export type OutputFormat = 'pcap' | 'pcapng'

export class InjectError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'InjectError'
  }
}

interface RecordWriter {
  write(linkType: number, time: number, data: Uint8Array, origLen: number): void
  take(): Uint8Array
  readonly pending: number
}

function pcapRecords(): RecordWriter {
  let writer: PcapWriter | null = null
  let linkType = -1
  return {
    write(lt, time, data, origLen) {
      if (writer === null) {
        linkType = lt
        writer = new PcapWriter({ nano: true, linkType: lt })
      } else if (lt !== linkType) {
        throw new InjectError(
          lt === LINKTYPE_ETHERNET || linkType === LINKTYPE_ETHERNET
            ? `the traffic's link type is ${linkType === LINKTYPE_ETHERNET ? lt : linkType}, not Ethernet: attack frames are Ethernet and a pcap file holds one link type; write pcapng instead (it keeps both as two interfaces)`
            : `the traffic mixes link types ${linkType} and ${lt}; a pcap file holds one: write pcapng instead`,
        )
      }
      if (time >= 4294967296) throw new InjectError('a packet time lies beyond 2106, which a pcap file cannot hold: write pcapng instead')
      writer.record({ time, data, origLen })
    },
    take: () => (writer === null ? new Uint8Array(0) : writer.take()),
    get pending() {
      return writer === null ? 0 : writer.pending
    },
  }
}

function pcapngRecords(): RecordWriter {
  const w = new PcapngWriter({ comment: 'nettwin: traffic with injected attack scenarios' })
  const interfaces = new Map<number, number>()
  return {
    write(lt, time, data, origLen) {
      let id = interfaces.get(lt)
      if (id === undefined) {
        id = w.addInterface({ linkType: lt, tsresol: 9, name: lt === LINKTYPE_ETHERNET && interfaces.size > 0 ? 'nettwin-attacks' : `link-${lt}` })
        interfaces.set(lt, id)
      }
      w.packet({ interfaceId: id, time, data, origLen })
    },
    take: () => w.take(),
    get pending() {
      return w.pending
    },
  }
}

/**
 * A PacketSink for the ordinary traffic that slips the attack frames in by time. Feed it the traffic in time
 * order, then call finish() (writes the attack frames after the traffic's end and flushes).
 */
export class MergeWriter implements PacketSink {
  readonly labels = new LabelRuns()
  /** Ordinary packets and attack frames written. */
  ordinary = 0
  injected = 0
  private readonly out: RecordWriter
  private readonly order: Uint32Array
  private next = 0
  private lastTime = -Infinity

  constructor(
    private readonly attacks: AttackFrames,
    format: OutputFormat,
    private readonly write: (chunk: Uint8Array) => void,
  ) {
    this.out = format === 'pcap' ? pcapRecords() : pcapngRecords()
    this.order = attacks.order()
  }

  private injectUntil(timeUs: number): void {
    const a = this.attacks
    while (this.next < this.order.length && a.timeUs[this.order[this.next]] <= timeUs) {
      const i = this.order[this.next++]
      const t = a.timeUs[i] / 1e6
      // pcap time must be >= 0; attacks placed before 1970 by a hostile file are moved to the epoch.
      this.out.write(LINKTYPE_ETHERNET, Math.max(0, t), a.bytes(i), a.length[i])
      this.labels.append(a.label[i], t)
      this.injected++
      this.drain(false)
    }
  }

  packet(linkType: number, time: number, origLen: number, data: Uint8Array, start: number, capLen: number): void {
    // Out-of-order input (it happens in real captures) is written as it comes; attacks follow the latest time.
    if (time > this.lastTime) {
      this.injectUntil(time * 1e6)
      this.lastTime = time
    }
    this.out.write(linkType, Math.max(0, time), data.subarray(start, start + capLen), Math.max(origLen, capLen))
    this.labels.append(0, time)
    this.ordinary++
    this.drain(false)
  }

  /** A FrameSink view (Ethernet frames with microsecond times): what the twin generator writes into. */
  frame(timeUs: number, data: Uint8Array, length: number): void {
    this.packet(LINKTYPE_ETHERNET, timeUs / 1e6, length, data, 0, length)
  }

  /** Writes the remaining attack frames and flushes. */
  finish(): void {
    this.injectUntil(Infinity)
    this.drain(true)
  }

  private drain(all: boolean): void {
    if (this.out.pending >= CHUNK || (all && this.out.pending > 0)) this.write(this.out.take())
  }
}
