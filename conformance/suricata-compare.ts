/**
 * Evaluates one suricata-verify flow check against nettwin's flows: a flow matches when it has the check's
 * protocol, addresses, ports and ICMP type (either way round: Suricata's src is the side that sent the first
 * packet, which need not be nettwin's originator) and the stated packet and byte counts per direction
 * (toserver = from src). Other keys of the check (app_proto, flow.state, flow.age, tcp flags, ...) describe
 * Suricata's analysis, not the flow table, and are not compared. Suricata counts a packet's bytes as its
 * captured length; nettwin's flow bytes are wire lengths (equal in these captures unless a snap length cut them).
 */
import type { Observed } from './difference-list.ts'
import type { Connection } from './flow-digest.ts'
import { canonicalAddress } from './ip-text.ts'
import type { FlowCheck } from './suricata-checks.ts'

/** Suricata's proto names (EVE "proto") for nettwin's. */
export function suricataProto(proto: string): string {
  return proto === 'icmpv6' ? 'IPV6-ICMP' : proto.toUpperCase()
}

interface Oriented {
  readonly pktsToServer: number
  readonly pktsToClient: number
  readonly bytesToServer: number
  readonly bytesToClient: number
}

/** The flow seen from the check's src side, or null when the flow is not the one the check selects. */
function orient(c: Connection, m: FlowCheck['match']): Oriented | null {
  if (m.proto !== undefined && String(m.proto).toUpperCase() !== suricataProto(c.proto)) return null
  const ip = (v: unknown): string | undefined => (typeof v === 'string' ? canonicalAddress(v) : undefined)
  const srcIp = ip(m.src_ip)
  const dstIp = ip(m.dest_ip)
  const icmp = c.proto === 'icmp' || c.proto === 'icmpv6'
  // Suricata writes no ports for ICMP (icmp_type instead); nettwin's ICMP "ports" are types.
  const srcPort = icmp ? undefined : m.src_port
  const dstPort = icmp ? undefined : m.dest_port
  const side = (addr: string, port: number, wantIp: string | undefined, wantPort: unknown): boolean =>
    (wantIp === undefined || wantIp === canonicalAddress(addr)) && (wantPort === undefined || wantPort === port)
  const forward = side(c.origAddr, c.origPort, srcIp, srcPort) && side(c.respAddr, c.respPort, dstIp, dstPort)
  const backward = side(c.respAddr, c.respPort, srcIp, srcPort) && side(c.origAddr, c.origPort, dstIp, dstPort)
  // With no address or port in the check both hold; the first packet's sender (nettwin's originator) is src then.
  if (!forward && !backward) return null
  const fwd = forward
  if (icmp && m.icmp_type !== undefined && (fwd ? c.origPort : c.respPort) !== m.icmp_type) return null
  return {
    pktsToServer: fwd ? c.origPkts : c.respPkts,
    pktsToClient: fwd ? c.respPkts : c.origPkts,
    bytesToServer: fwd ? c.origBytes : c.respBytes,
    bytesToClient: fwd ? c.respBytes : c.origBytes,
  }
}

const describe = (o: Oriented): string => `${o.pktsToServer}/${o.bytesToServer} to server, ${o.pktsToClient}/${o.bytesToClient} to client`

export interface CheckOutcome {
  readonly pass: boolean
  /** Set when the check fails: what nettwin has, for zeek-differences-style listing. */
  readonly observed: Observed | null
}

export function evaluateCheck(check: FlowCheck, connections: readonly Connection[]): CheckOutcome {
  const m = check.match
  let matching = 0
  const selected: Oriented[] = []
  for (const c of connections) {
    const o = orient(c, m)
    if (o === null) continue
    selected.push(o)
    const ok =
      (m['flow.pkts_toserver'] === undefined || m['flow.pkts_toserver'] === o.pktsToServer) &&
      (m['flow.pkts_toclient'] === undefined || m['flow.pkts_toclient'] === o.pktsToClient) &&
      (m['flow.bytes_toserver'] === undefined || m['flow.bytes_toserver'] === o.bytesToServer) &&
      (m['flow.bytes_toclient'] === undefined || m['flow.bytes_toclient'] === o.bytesToClient)
    if (ok) matching++
  }
  const pass = check.count === null ? matching >= 1 : matching === check.count
  if (pass) return { pass, observed: null }
  const want = ['flow.pkts_toserver', 'flow.bytes_toserver', 'flow.pkts_toclient', 'flow.bytes_toclient'].map((k) => m[k] ?? '-')
  const shown = selected.slice(0, 3).map(describe).join('; ')
  return {
    pass,
    observed: {
      subject: check.test,
      field: `check ${check.index}`,
      ours: `${matching} matching of ${selected.length} selected${shown ? ` (${shown}${selected.length > 3 ? '; ...' : ''})` : ''}`,
      expected: `${check.count ?? '1 or more'} with ${want[0]}/${want[1]} to server, ${want[2]}/${want[3]} to client`,
    },
  }
}
