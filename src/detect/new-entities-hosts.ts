/**
 * The "new host" part of the new-entities detector, in memory bounded by the address count rather than by
 * new hosts times flows: a many-flow capture brings a million hosts absent from the baseline, and a list of
 * flow ids per host (plus a cached address text for each) cost hundreds of megabytes.
 *
 * A first pass counts, per address id, the flows (up to FLOWS_PER_HOST) of hosts absent from the baseline, in
 * order of first appearance; a second pass collects flow ids only for the hosts reported, and only as many as
 * the alert shows: all of them for a few hosts, the first GROUP_EVIDENCE and the last one for a group.
 */
import type { DetectContext } from './context.ts'

/** Flows remembered per new host (the alert says "200+" past it). */
export const FLOWS_PER_HOST = 200
/** Evidence flows per host in the grouped alert. */
export const GROUP_EVIDENCE = 5

/** New hosts with at least minFlows flows, in order of first appearance. */
export interface NewHosts {
  readonly hosts: readonly number[]
  /** Flow ids of each host (first FLOWS_PER_HOST) when hosts.length <= groupAbove; empty lists otherwise. */
  readonly flows: readonly (readonly number[])[]
  /** For a group: each host's first GROUP_EVIDENCE flows, concatenated in host order. */
  readonly groupEvidence: readonly number[]
  /** Per host: its first flow and its last remembered flow (the FLOWS_PER_HOST-th at most). */
  readonly firstFlow: Int32Array
  readonly lastFlow: Int32Array
}

export interface NewHostOptions {
  readonly minFlows: number
  readonly groupAbove: number
  readonly includeExternal: boolean
}

/**
 * Hosts absent from the baseline that carried at least minFlows flows since ctx.compareFrom. `known` answers
 * "in the baseline?" per address id (the caller caches it).
 */
export function findNewHosts(ctx: DetectContext, o: NewHostOptions, known: (h: number) => boolean): NewHosts {
  const c = ctx.c
  const size = ctx.source.addresses.size + 1
  // Flows per candidate address id, capped at FLOWS_PER_HOST (Uint8 holds it).
  const counts = new Uint8Array(size)
  // Whether an address id is a candidate (a host, internal unless external ones count, not in the baseline) is
  // decided once per id and kept: 0 not yet asked, 1 a candidate, 2 not.
  const decided = new Uint8Array(size)
  const candidate = (h: number): boolean => {
    if (h >= size) return false
    if (decided[h] === 0) decided[h] = ctx.classes.isHost(h) && (o.includeExternal || ctx.classes.isInternal(h)) && !known(h) ? 1 : 2
    return decided[h] === 1
  }
  const order: number[] = []
  const first = c.first
  const origAddr = c.origAddr
  const respAddr = c.respAddr
  const from = ctx.compareFrom
  for (let id = 0; id < ctx.count; id++) {
    if (first[id] < from) continue
    const a = origAddr[id]
    const b = respAddr[id]
    // Same order as one flow list per host would fill: originator first, then responder (twice for a self-flow).
    if (candidate(a)) {
      if (counts[a] === 0) order.push(a)
      if (counts[a] < FLOWS_PER_HOST) counts[a]++
    }
    if (candidate(b)) {
      if (counts[b] === 0) order.push(b)
      if (counts[b] < FLOWS_PER_HOST) counts[b]++
    }
  }
  const hosts = order.filter((h) => counts[h] >= o.minFlows)
  const n = hosts.length
  const grouped = n > o.groupAbove
  const pos = new Int32Array(size).fill(-1)
  for (let k = 0; k < n; k++) pos[hosts[k]] = k
  const flows: number[][] = grouped ? [] : hosts.map(() => [])
  const firstFew = grouped ? new Int32Array(n * GROUP_EVIDENCE) : new Int32Array(0)
  const taken = new Uint8Array(n)
  const firstFlow = new Int32Array(n)
  const lastFlow = new Int32Array(n)
  const take = (h: number, id: number): void => {
    const k = pos[h]
    if (k < 0 || taken[k] >= FLOWS_PER_HOST) return
    if (taken[k] === 0) firstFlow[k] = id
    if (grouped) {
      if (taken[k] < GROUP_EVIDENCE) firstFew[k * GROUP_EVIDENCE + taken[k]] = id
    } else flows[k].push(id)
    lastFlow[k] = id
    taken[k]++
  }
  if (n > 0) {
    for (let id = 0; id < ctx.count; id++) {
      if (first[id] < from) continue
      const a = origAddr[id]
      const b = respAddr[id]
      if (a < size) take(a, id)
      if (b < size) take(b, id)
    }
  }
  const groupEvidence: number[] = []
  if (grouped) {
    for (let k = 0; k < n; k++) {
      const m = Math.min(GROUP_EVIDENCE, taken[k])
      for (let j = 0; j < m; j++) groupEvidence.push(firstFew[k * GROUP_EVIDENCE + j])
    }
  }
  return { hosts, flows, groupEvidence, firstFlow, lastFlow }
}
