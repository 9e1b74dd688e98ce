/**
 * The twin's traffic generator: from a TwinModel, a start time, a duration and a seed, emits complete flows in
 * time order into a FrameSink. Flow starts form a renewal process whose gaps are drawn from the model's gap
 * quantiles and stretched by the hour-of-day profile; each start picks a service (by the hour's mix), a pair,
 * a shape. Open flows wait in a heap keyed by their next packet time, so memory is bounded by the flows open
 * at once, and the inner loop crafts each packet into one reused buffer.
 */
import { FrameCrafter, type FrameSink } from '../craft/index.ts'
import { Rng, pickCumulative } from '../model/rng.ts'
import type { TwinModel } from '../model/types.ts'
import { FlowHeap } from './flow-heap.ts'
import { FlowSlot } from './flow-slot.ts'
import { prepareModel } from './prepared-model.ts'
import { FlowStarter } from './start-flow.ts'

export interface GenerateOptions {
  /** Microseconds since the epoch of the first flow start (default: the model's source start). */
  readonly startUs?: number
  /** Seconds during which flows start (default: the source's active span; flows started near the end run on). */
  readonly durationSeconds?: number
  readonly seed?: number
  /** Stop after this many packets (default: no limit). */
  readonly maxPackets?: number
  /**
   * Stop writing at the end of the duration, cutting the flows still open, as a capture stopped then would
   * (default false: flows started near the end run on). Without it the last minutes only hold the tails of
   * flows already running: a fall in traffic no capture of the source would show.
   */
  readonly cutAtEnd?: boolean
  /** Stop starting flows after this many (default: no limit). */
  readonly maxFlows?: number
  /** Called with the service key, start time (us), client and server host indexes, once per flow started. */
  readonly onFlow?: (serviceKey: string, startUs: number) => void
}

export interface GenerateReport {
  readonly packets: number
  readonly flows: number
  readonly bytes: number
  readonly firstUs: number
  readonly lastUs: number
  /** Most flows open at once. */
  readonly peakOpenFlows: number
}

const HOUR_US = 3600e6
/** Smallest gap between flow starts (keeps a zero-gap grid from stalling time). */
const MIN_GAP_US = 1

/** Generates the twin's traffic into `sink` (the caller closes it). */
export function generateTwin(model: TwinModel, sink: FrameSink, options: GenerateOptions = {}): GenerateReport {
  const prep = prepareModel(model)
  const rng = new Rng(options.seed ?? 1)
  const crafter = new FrameCrafter()
  const starter = new FlowStarter(prep, rng)
  const heap = new FlowHeap()
  const slots: FlowSlot[] = []
  const free: number[] = []
  const startUs = options.startUs ?? Math.max(0, Math.round(model.arrivals.firstStart * 1e6))
  const spanS = options.durationSeconds ?? model.arrivals.activeSeconds
  const endUs = startUs + spanS * 1e6
  const maxPackets = options.maxPackets ?? Infinity
  const maxFlows = options.maxFlows ?? Infinity
  const profile = prep.hourProfile
  const counter = { packets: 0, bytes: 0 }
  const counting: FrameSink = {
    frame(timeUs, data, length) {
      counter.packets++
      counter.bytes += length
      sink.frame(timeUs, data, length)
    },
  }
  let flows = 0
  let peak = 0
  let lastUs = startUs
  const hourOf = (t: number): number => Math.floor(t / HOUR_US) % 24
  const gaps = prep.gaps
  const nextGap = (t: number): number => {
    // Dealt cell means: every round of the deck lasts exactly as long as the source's gaps did on average.
    const g = gaps[prep.gapDeck.draw(rng)] * 1e6
    const intensity = profile ? profile[hourOf(t)] : 1
    return Math.max(MIN_GAP_US, g / intensity)
  }
  let arrival = prep.services.length > 0 && spanS > 0 ? startUs : Infinity
  while (counter.packets < maxPackets) {
    const due = heap.topKey
    if (arrival <= due && arrival < endUs && flows < maxFlows) {
      const s = prep.services[prep.serviceByHour ? pickCumulative(prep.serviceCumulative[hourOf(arrival)], rng.next()) : prep.serviceDeck.draw(rng)]
      let id = free.pop()
      if (id === undefined) {
        id = slots.length
        slots.push(new FlowSlot(crafter, rng))
      }
      if (starter.start(slots[id], s, arrival)) {
        heap.push(id, arrival)
        flows++
        options.onFlow?.(s.key, arrival)
        if (heap.size > peak) peak = heap.size
      } else free.push(id)
      arrival += nextGap(arrival)
      continue
    }
    if (heap.size === 0) break
    // Here no flow starts before `due`, so when `due` is past the end nothing else falls inside it.
    if (options.cutAtEnd === true && due >= endUs) break
    const id = heap.topId
    const slot = slots[id]
    lastUs = due
    if (slot.emit(counting)) heap.replaceTop(Math.max(due, slot.time))
    else {
      heap.pop()
      free.push(id)
    }
  }
  return { packets: counter.packets, flows, bytes: counter.bytes, firstUs: startUs, lastUs, peakOpenFlows: peak }
}
