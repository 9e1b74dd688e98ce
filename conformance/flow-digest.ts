/**
 * What the flow worker (flow-worker.ts) reports for one capture analysed in one flow mode: the Wireshark-style
 * conversation counts of the statistics, the flow table's TCP and UDP flow counts, and, when asked, every IP
 * flow as a small plain row (the connections compared with Zeek's conn.log and Suricata's flow events).
 */
import { FlowFlag } from '../src/flows/flow-columns.ts'
import { FlowKind } from '../src/flows/flow-key.ts'
import type { FlowModeName } from '../src/flows/flow-modes.ts'
import type { FlowTable } from '../src/flows/flow-table.ts'
import type { DecodeContext } from '../src/decode/context.ts'

export interface FlowJobOptions {
  readonly flowMode: FlowModeName
  /** Also list the IP flows (connections); counts only otherwise. */
  readonly connections: boolean
}

/** One IP flow, with Zeek's and Suricata's vocabulary at hand. */
export interface Connection {
  /** 'tcp', 'udp', 'icmp', 'icmpv6', 'sctp' or another IP protocol number. */
  readonly proto: string
  readonly origAddr: string
  readonly origPort: number
  readonly respAddr: string
  readonly respPort: number
  readonly vlan: number | null
  /** Seconds since the epoch of the first packet. */
  readonly first: number
  readonly state: string
  readonly history: string
  readonly origPkts: number
  readonly respPkts: number
  readonly origBytes: number
  readonly respBytes: number
  /** The outer UDP conversation of a tunnel. */
  readonly tunnel: boolean
}

export interface FlowCounts {
  /**
   * IP flows with a TCP / UDP header (flows keyed without one, e.g. non-first fragments, are not counted). The
   * UDP count includes the outer conversations of tunnels, which tshark's conv,udp lists too.
   */
  readonly tcp: number
  readonly udp: number
}

export interface FlowDigest {
  readonly flowMode: FlowModeName
  /** The statistics' Wireshark-equivalent conversation counts (src/analysis/conversations.ts). */
  readonly conversations: { readonly tcp: number; readonly udp: number }
  readonly flows: FlowCounts
  readonly connections: readonly Connection[] | null
}

/** The flow table's TCP and UDP flow counts, read from its columns. */
export function countFlows(table: FlowTable): FlowCounts {
  const c = table.columns
  let tcp = 0
  let udp = 0
  for (let id = 0; id < table.count; id++) {
    if (c.kind[id] !== FlowKind.IP || (c.flags[id] & FlowFlag.NoTransport) !== 0) continue
    if (c.proto[id] === 6) tcp++
    else if (c.proto[id] === 17) udp++
  }
  return { tcp, udp }
}

/** Every IP flow of a finished table as a Connection, page by page (toRecords returns at most 100000 at a time). */
export function listConnections(table: FlowTable, ctx: DecodeContext): Connection[] {
  const out: Connection[] = []
  const PAGE = 50_000
  for (let offset = 0; offset < table.count; offset += PAGE) {
    for (const r of table.toRecords(ctx, { offset, limit: PAGE })) {
      if (r.kind !== 'ip') continue
      out.push({
        proto: r.proto, origAddr: r.origAddr, origPort: r.origPort, respAddr: r.respAddr, respPort: r.respPort, vlan: r.vlan,
        first: r.first, state: r.state, history: r.history, origPkts: r.origPkts, respPkts: r.respPkts,
        origBytes: r.origBytes, respBytes: r.respBytes, tunnel: r.tunnel,
      })
    }
  }
  return out
}
