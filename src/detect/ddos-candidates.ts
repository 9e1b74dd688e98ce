/**
 * The first passes of the DDoS detector (ddos.ts): which targets got enough unanswered flows, and which sources
 * completed enough TCP connections, for a finding to be possible; only those are grouped and binned. Counted
 * per address id in typed arrays, in one loop over columns held in locals each (no closure per flow).
 */
import { Outcome } from '../baseline/flow-outcome.ts'
import { FlowFlag } from '../flows/flow-columns.ts'
import { FlowKind, IPPROTO_TCP } from '../flows/flow-key.ts'
import type { DetectContext } from './context.ts'

/**
 * Address ids marked in a dense array (ids below its length) and a Set beyond it (not expected: flows hold
 * interned address ids), for per-flow membership tests without a Set lookup.
 */
export class AddressMarks {
  constructor(
    private readonly dense: Uint8Array,
    private readonly others: ReadonlySet<number>,
  ) {}

  has(id: number): boolean {
    return id < this.dense.length ? this.dense[id] === 1 : this.others.has(id)
  }
}

/** Marks the ids whose count reaches `min` (counts per dense id, `others` for ids past them). */
function marksOf(counts: Uint32Array, others: ReadonlyMap<number, number> | null, min: number): AddressMarks {
  const dense = new Uint8Array(counts.length)
  // A count of 0 is never a mark (candidates() lists only keys it saw), whatever `min`.
  for (let k = 0; k < counts.length; k++) if (counts[k] > 0 && counts[k] >= min) dense[k] = 1
  const far = new Set<number>()
  if (others !== null) for (const [k, v] of others) if (v >= min) far.add(k)
  return new AddressMarks(dense, far)
}

/**
 * The hosts with at least `min` unanswered flows toward them (fanIn's eligible and unanswered tests, counted
 * per target as candidates() would, in one loop over columns held in locals: it runs once per analysis, mostly
 * before V8 optimises it, where a call per flow costs).
 */
export function unansweredTargets(ctx: DetectContext, min: number): AddressMarks {
  const c = ctx.c
  const kind = c.kind
  const flags = c.flags
  const proto = c.proto
  const respAddr = c.respAddr
  const respPkts = c.respPkts
  const outcomes = ctx.outcomes
  const classes = ctx.classes
  const counts = new Uint32Array(ctx.source.addresses.size + 1)
  let others: Map<number, number> | null = null
  for (let id = 0; id < ctx.count; id++) {
    const f = flags[id]
    if (kind[id] !== FlowKind.IP || (f & FlowFlag.Tunnel) !== 0) continue
    const dst = respAddr[id]
    if (!classes.isHost(dst)) continue
    const halfOpen = proto[id] === IPPROTO_TCP && (f & FlowFlag.SynSeen) !== 0 && (f & FlowFlag.Handshake) === 0
    if (!(outcomes[id] === Outcome.Failure || respPkts[id] === 0 || halfOpen)) continue
    if (dst < counts.length) counts[dst]++
    else {
      others ??= new Map()
      others.set(dst, (others.get(dst) ?? 0) + 1)
    }
  }
  return marksOf(counts, others, min)
}

/** The sources of at least `min` completed TCP connections (connectionFlood's first pass). */
export function connectingSources(ctx: DetectContext, min: number): AddressMarks {
  const c = ctx.c
  const kind = c.kind
  const flags = c.flags
  const proto = c.proto
  const origAddr = c.origAddr
  const counts = new Uint32Array(ctx.source.addresses.size + 1)
  let others: Map<number, number> | null = null
  for (let id = 0; id < ctx.count; id++) {
    if (kind[id] !== FlowKind.IP || proto[id] !== IPPROTO_TCP || (flags[id] & FlowFlag.Handshake) === 0) continue
    const src = origAddr[id]
    if (src < counts.length) counts[src]++
    else {
      others ??= new Map()
      others.set(src, (others.get(src) ?? 0) + 1)
    }
  }
  return marksOf(counts, others, min)
}
