/**
 * First contacts per source, shared by the scan detectors: for each source host, the first flow to each
 * distinct destination host, and for each (source, destination) the first flow to each distinct service. Flow
 * ids are in order of first packet, so walking them once gives first contacts in time order.
 */
import { isProbe, Outcome } from '../baseline/flow-outcome.ts'
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
  /** First contact to each distinct destination host. */
  readonly hosts: Contact[]
  /** Per destination host: first contact to each distinct service key (target = service key). */
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
  // Every scan finding needs a few failed or probe-sized contacts: sources with fewer are skipped up front.
  const scanLike = new Uint32Array(ctx.source.addresses.size + 1)
  for (let id = 0; id < ctx.count; id++) {
    const o = outcomes[id]
    if (o === Outcome.Failure || (o === Outcome.Success && isProbe(c, id))) {
      const src = c.origAddr[id]
      if (src < scanLike.length) scanLike[src]++
    }
  }
  // Eligible flows sorted by (source, destination, service, id): a run of equal (source, destination) starts
  // with... not necessarily its first flow, so the smallest id of each run is taken. Sorting typed arrays
  // costs far less than hashing every flow into nested maps.
  let n = 0
  const ids = new Int32Array(ctx.count)
  const keys = new Int32Array(ctx.count)
  for (let id = 0; id < ctx.count; id++) {
    if (outcomes[id] === Outcome.Unknown) continue
    const src = c.origAddr[id]
    if (src >= scanLike.length || scanLike[src] < minScanLike) continue
    if (!ctx.classes.isHost(src) || !ctx.classes.isHost(c.respAddr[id])) continue
    ids[n++] = id
    keys[id] = serviceKeyOf(c, id)
  }
  const order = ids.subarray(0, n).sort((a, b) => c.origAddr[a] - c.origAddr[b] || c.respAddr[a] - c.respAddr[b] || keys[a] - keys[b] || a - b)
  const bySrc = new Map<number, SourceContacts>()
  const contact = (id: number, target: number): Contact => ({ flow: id, time: c.first[id], target, outcome: outcomes[id], probe: isProbe(c, id) })
  for (let i = 0; i < n; ) {
    const src = c.origAddr[order[i]]
    const s: SourceContacts = { src, hosts: [], services: new Map() }
    while (i < n && c.origAddr[order[i]] === src) {
      const dst = c.respAddr[order[i]]
      const list: Contact[] = []
      let firstOfDst = order[i]
      while (i < n && c.origAddr[order[i]] === src && c.respAddr[order[i]] === dst) {
        const key = keys[order[i]]
        // The run of this service starts with its smallest id: its first contact.
        list.push(contact(order[i], key))
        if (order[i] < firstOfDst) firstOfDst = order[i]
        while (i < n && c.origAddr[order[i]] === src && c.respAddr[order[i]] === dst && keys[order[i]] === key) i++
      }
      s.hosts.push(contact(firstOfDst, dst))
      s.services.set(dst, list.sort((a, b) => a.flow - b.flow))
    }
    s.hosts.sort((a, b) => a.flow - b.flow)
    bySrc.set(src, s)
  }
  for (const [src, s] of bySrc) {
    let maxSvc = 0
    for (const list of s.services.values()) maxSvc = Math.max(maxSvc, list.length)
    if (s.hosts.length < MIN_TARGETS_KEPT && maxSvc < MIN_TARGETS_KEPT) bySrc.delete(src)
  }
  return bySrc
}

/** Contacts that look like scanning: failed, or probe-sized. */
export function isScanLike(k: Contact): boolean {
  return k.outcome === Outcome.Failure || k.probe
}
