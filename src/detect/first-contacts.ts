/**
 * First contacts per source, shared by the scan detectors: for each source host, the first flow to each
 * distinct destination host, and for each (source, destination) the first flow to each distinct service. Flow
 * ids are in order of first packet, so walking them once gives first contacts in time order.
 */
import { Outcome } from '../baseline/flow-outcome.ts'
import { serviceKeyOf } from '../baseline/service-keys.ts'
import type { DetectContext } from './context.ts'

export interface Contact {
  readonly flow: number
  readonly time: number
  readonly target: number
  /** Outcome.Success / Failure (Unknown contacts are not recorded). */
  readonly outcome: number
  readonly probe: boolean
}

export interface SourceContacts {
  readonly src: number
  /** First contact to each distinct destination host (made on first read: most sources are never looked at). */
  readonly hosts: Contact[]
  /** The flows of those first contacts, in time (flow id) order: hosts[i].flow === hostFlows[i]. */
  readonly hostFlows: Int32Array
  /**
   * Per destination host: first contact to each distinct service key (target = service key). Only hosts with
   * at least minScanLike distinct services are listed (the scan detectors need that many).
   */
  readonly services: Map<number, Contact[]>
}

/** Sources with fewer distinct targets than this are dropped from the result (they cannot be scanning). */
const MIN_TARGETS_KEPT = 3

/**
 * First contacts of the sources with at least `minScanLike` failed or probe-sized flows (every scan finding
 * needs that many; callers pass the smallest their parameters allow, capped at 5 so the default parameters of
 * both scan detectors share one build).
 */
export function firstContacts(ctx: DetectContext, minScanLike = MIN_TARGETS_KEPT): ReadonlyMap<number, SourceContacts> {
  const floor = Math.max(1, Math.min(5, Math.floor(minScanLike)))
  return ctx.memo(`first-contacts-${floor}`, () => build(ctx, floor))
}

function build(ctx: DetectContext, minScanLike: number): Map<number, SourceContacts> {
  const c = ctx.c
  const outcomes = ctx.outcomes
  const probes = ctx.probes
  // Every scan finding needs a few failed or probe-sized contacts: sources with fewer are skipped up front.
  const size = ctx.source.addresses.size + 1
  const scanLike = scanLikeBySource(ctx, size)
  // Eligible flows ordered by (source, destination, flow id) with two stable counting sorts (by destination,
  // then by source): within a (source, destination) run the flows stay in flow (time) order, so the first
  // flow of the run, and the first flow to each service in it, are the first contacts. No comparison sort
  // and no map over all flows.
  const eligible = new Int32Array(ctx.count)
  const n = eligibleFlows(ctx, scanLike, minScanLike, eligible)
  const byDst = countingSort(eligible, n, c.respAddr, size)
  const order = countingSort(byDst, n, c.origAddr, size)
  // The runs below compare sources and destinations in sorted order: gathered once into sequential arrays
  // (reading them through `order` again and again jumps all over the flow columns).
  const srcAt = new Uint32Array(n)
  const dstAt = new Uint32Array(n)
  for (let k = 0; k < n; k++) {
    srcAt[k] = c.origAddr[order[k]]
    dstAt[k] = c.respAddr[order[k]]
  }
  const bySrc = new Map<number, SourceContacts>()
  // First flow to each destination of the current source: contacts are made only for the sources kept.
  const firstFlows: number[] = []
  // Destinations with many services keep a set of the keys seen (a short list is searched instead: most
  // hosts are reached on one or two services).
  const manyKeys = new Map<number, Set<number>>()
  for (let i = 0; i < n; ) {
    const src = srcAt[i]
    const services = new Map<number, Contact[]>()
    let maxSvc = 0
    manyKeys.clear()
    firstFlows.length = 0
    while (i < n && srcAt[i] === src) {
      const dst = dstAt[i]
      firstFlows.push(order[i])
      let end = i
      while (end < n && srcAt[end] === src && dstAt[end] === dst) end++
      // A run of fewer flows than minScanLike cannot reach minScanLike services, and no detector looks at a
      // shorter service list: its distinct services are counted in place, with no list (most pairs are short).
      if (end - i < minScanLike) {
        const distinct = distinctServices(c, order, i, end)
        if (distinct > maxSvc) maxSvc = distinct
        i = end
        continue
      }
      const list: Contact[] = []
      for (; i < end; i++) {
        const id = order[i]
        const key = serviceKeyOf(c, id)
        if (!hasTarget(list, key, manyKeys, dst)) list.push(contactOf(c, outcomes, probes, id, key))
      }
      if (list.length > maxSvc) maxSvc = list.length
      if (list.length >= minScanLike) services.set(dst, list)
    }
    if (firstFlows.length < MIN_TARGETS_KEPT && maxSvc < MIN_TARGETS_KEPT) continue
    // In time (flow id) order: ids are distinct, so a numeric sort of the ids gives the order sorting the
    // contacts by flow would.
    bySrc.set(src, new Source(src, Int32Array.from(firstFlows).sort(), services, c, outcomes, probes))
  }
  return bySrc
}

/**
 * One source's contacts. The host contacts are objects only once asked for: a big capture has tens of
 * thousands of them, and the sweep detector judges most sources from the flow ids alone (hostFlows).
 */
class Source implements SourceContacts {
  private made: Contact[] | null = null

  constructor(
    readonly src: number,
    readonly hostFlows: Int32Array,
    readonly services: Map<number, Contact[]>,
    private readonly c: DetectContext['c'],
    private readonly outcomes: Uint8Array,
    private readonly probes: Uint8Array,
  ) {}

  /** A host contact's target is its flow's responder. */
  get hosts(): Contact[] {
    if (this.made === null) {
      const flows = this.hostFlows
      const made: Contact[] = []
      for (let k = 0; k < flows.length; k++) made.push(contactOf(this.c, this.outcomes, this.probes, flows[k], this.c.respAddr[flows[k]]))
      this.made = made
    }
    return this.made
  }
}

/**
 * Failed or probe-sized flows per source address id (ids below `size`). This and eligibleFlows run once per
 * analysis over every flow, mostly before V8 optimises them: small loops over columns held in locals.
 */
function scanLikeBySource(ctx: DetectContext, size: number): Uint32Array {
  const c = ctx.c
  const outcomes = ctx.outcomes
  const probes = ctx.probes
  const origAddr = c.origAddr
  const scanLike = new Uint32Array(size)
  for (let id = 0; id < ctx.count; id++) {
    const o = outcomes[id]
    if (o === Outcome.Failure || (o === Outcome.Success && probes[id] === 1)) {
      const src = origAddr[id]
      if (src < size) scanLike[src]++
    }
  }
  return scanLike
}

/**
 * Writes to `out` the flows with a known outcome between two hosts whose source has at least minScanLike
 * scan-like flows; returns how many.
 */
function eligibleFlows(ctx: DetectContext, scanLike: Uint32Array, minScanLike: number, out: Int32Array): number {
  const outcomes = ctx.outcomes
  const origAddr = ctx.c.origAddr
  const respAddr = ctx.c.respAddr
  const classes = ctx.classes
  const size = scanLike.length
  let n = 0
  for (let id = 0; id < ctx.count; id++) {
    if (outcomes[id] === Outcome.Unknown) continue
    const src = origAddr[id]
    if (src >= size || scanLike[src] < minScanLike) continue
    const dst = respAddr[id]
    if (dst >= size || !classes.isHost(src) || !classes.isHost(dst)) continue
    out[n++] = id
  }
  return n
}

/** Distinct service keys among the flows order[from..to) (a short run: compared pairwise). */
function distinctServices(c: DetectContext['c'], order: Int32Array, from: number, to: number): number {
  let distinct = 0
  for (let k = from; k < to; k++) {
    const key = serviceKeyOf(c, order[k])
    let seen = false
    for (let j = from; j < k && !seen; j++) seen = serviceKeyOf(c, order[j]) === key
    if (!seen) distinct++
  }
  return distinct
}

/** The first n ids reordered by column[id] (values below `size`), keeping their order among equal values. */
function countingSort(ids: Int32Array, n: number, column: ArrayLike<number>, size: number): Int32Array {
  const start = new Int32Array(size + 1)
  for (let k = 0; k < n; k++) start[column[ids[k]] + 1]++
  for (let v = 1; v <= size; v++) start[v] += start[v - 1]
  const out = new Int32Array(n)
  for (let k = 0; k < n; k++) out[start[column[ids[k]]]++] = ids[k]
  return out
}

const SHORT_LIST = 16

/** Whether `list` (one destination's service contacts) already holds `key`; records it when not. */
function hasTarget(list: readonly Contact[], key: number, manyKeys: Map<number, Set<number>>, dst: number): boolean {
  if (list.length < SHORT_LIST) {
    for (let i = 0; i < list.length; i++) if (list[i].target === key) return true
    return false
  }
  let keys = manyKeys.get(dst)
  if (keys === undefined) {
    keys = new Set()
    for (const k of list) keys.add(k.target)
    manyKeys.set(dst, keys)
  }
  if (keys.has(key)) return true
  keys.add(key)
  return false
}

/**
 * A contact that reads its time from the flow columns when asked: a number field would be a separate heap
 * number per contact, and a big capture has tens of thousands of contacts that live through detection.
 */
class ColumnContact implements Contact {
  constructor(
    readonly flow: number,
    readonly target: number,
    readonly outcome: number,
    readonly probe: boolean,
    private readonly firsts: Float64Array,
  ) {}

  get time(): number {
    return this.firsts[this.flow]
  }
}

function contactOf(c: DetectContext['c'], outcomes: Uint8Array, probes: Uint8Array, id: number, target: number): Contact {
  return new ColumnContact(id, target, outcomes[id], probes[id] === 1, c.first)
}

/** Contacts that look like scanning: failed, or probe-sized. */
export function isScanLike(k: Contact): boolean {
  return k.outcome === Outcome.Failure || k.probe
}
