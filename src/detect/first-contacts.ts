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

export function firstContacts(ctx: DetectContext): ReadonlyMap<number, SourceContacts> {
  return ctx.memo('first-contacts', () => build(ctx))
}

function build(ctx: DetectContext): Map<number, SourceContacts> {
  const c = ctx.c
  const outcomes = ctx.outcomes
  const bySrc = new Map<number, SourceContacts>()
  const seenHost = new Map<number, Set<number>>()
  const seenSvc = new Map<number, Map<number, Set<number>>>()
  for (let id = 0; id < ctx.count; id++) {
    const o = outcomes[id]
    if (o === Outcome.Unknown) continue
    const src = c.origAddr[id]
    const dst = c.respAddr[id]
    if (!ctx.classes.isHost(src) || !ctx.classes.isHost(dst)) continue
    let s = bySrc.get(src)
    if (s === undefined) {
      s = { src, hosts: [], services: new Map() }
      bySrc.set(src, s)
      seenHost.set(src, new Set())
      seenSvc.set(src, new Map())
    }
    const probe = isProbe(c, id)
    const hosts = seenHost.get(src)
    if (hosts !== undefined && !hosts.has(dst)) {
      hosts.add(dst)
      s.hosts.push({ flow: id, time: c.first[id], target: dst, outcome: o, probe })
    }
    const key = serviceKeyOf(c, id)
    const perDst = seenSvc.get(src)
    if (perDst === undefined) continue
    let svcSet = perDst.get(dst)
    if (svcSet === undefined) {
      svcSet = new Set()
      perDst.set(dst, svcSet)
    }
    if (!svcSet.has(key)) {
      svcSet.add(key)
      let list = s.services.get(dst)
      if (list === undefined) {
        list = []
        s.services.set(dst, list)
      }
      list.push({ flow: id, time: c.first[id], target: key, outcome: o, probe })
    }
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
