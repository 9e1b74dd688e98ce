/**
 * ExploreData over a live CaptureAnalysis: the flow table's own typed arrays (no copy), its conversation
 * tables and its address table. Built afresh per query (the arrays are replaced when the table grows) from a
 * per-analysis cache of what is costly to derive (address text, fact rows).
 */
import type { CaptureAnalysis } from '../capture-analysis.ts'
import { AddressBook } from './address-book.ts'
import type { ExploreData, FactRow } from './explore-types.ts'
import { factRowOf } from './fact-row.ts'

interface LiveCache {
  readonly book: AddressBook
  facts: Map<number, FactRow>
  factsKey: string
}

const caches = new WeakMap<CaptureAnalysis, LiveCache>()

function cacheOf(analysis: CaptureAnalysis): LiveCache {
  let c = caches.get(analysis)
  if (c === undefined) {
    c = { book: new AddressBook(analysis.ctx.addresses), facts: new Map(), factsKey: '' }
    caches.set(analysis, c)
  }
  c.book.refresh(analysis.ctx.addresses)
  return c
}

function factRows(analysis: CaptureAnalysis, cache: LiveCache): Map<number, FactRow> {
  const table = analysis.flows
  const key = `${table.count}:${table.facts.size}:${analysis.stats.packets}`
  if (cache.factsKey === key) return cache.facts
  const rows = new Map<number, FactRow>()
  if (table.facts.size > 0) {
    for (let id = 0; id < table.count; id++) {
      const f = table.facts.get(id)
      if (f !== null) rows.set(id, factRowOf(f))
    }
  }
  cache.facts = rows
  cache.factsKey = key
  return rows
}

/** The analysis as ExploreData. Open flows get their current state written to the columns first. */
export function liveExploreData(analysis: CaptureAnalysis): ExploreData {
  const table = analysis.flows
  if (table.openCount > 0) table.snapshotOpen()
  const c = table.columns
  const cache = cacheOf(analysis)
  const stats = analysis.stats
  const conv = stats.conversations
  return {
    flows: {
      count: table.count,
      kind: c.kind, proto: c.proto, origAddr: c.origAddr, respAddr: c.respAddr, origMac: c.origMac, respMac: c.respMac,
      origPort: c.origPort, respPort: c.respPort, vlan: c.vlan, first: c.first, last: c.last, origPkts: c.origPkts,
      respPkts: c.respPkts, origBytes: c.origBytes, respBytes: c.respBytes, state: c.state, flags: c.flags, app: c.app,
      handshakeRtt: c.handshakeRtt, jitter: c.jitter, retransOrig: c.retransOrig, retransResp: c.retransResp,
    },
    history: (id) => c.historyOf(id),
    facts: factRows(analysis, cache),
    addresses: cache.book,
    conversations: { eth: conv.eth, ip: conv.ip, tcp: conv.tcp, udp: conv.udp },
    captureStart: stats.packets > 0 ? stats.start : 0,
    captureEnd: stats.packets > 0 ? stats.end : 0,
    vlanKeyed: table.mode.keyByVlan,
    generation: stats.packets * 2 + (table.openCount === 0 ? 1 : 0),
  }
}
