/**
 * Flow ids by transport, made in one pass over the flow columns and shared by the detectors that look at one
 * kind of traffic only (amplifying UDP services, DHCP, DNS sockets, ICMP errors, other IP protocols). A pass
 * over every flow costs milliseconds before V8 optimises it, and detection runs once per analysis, mostly
 * unoptimised: walking the few UDP or ICMP flows instead of all of them saves a pass per use.
 */
import type { FlowColumns } from '../flows/flow-columns.ts'
import { FlowKind, IPPROTO_ICMP, IPPROTO_ICMPV6, IPPROTO_TCP, IPPROTO_UDP } from '../flows/flow-key.ts'

export interface FlowLists {
  /** IP flows of protocol UDP, by ascending id (the flows' start order). */
  readonly udp: Int32Array
  /** IP flows of ICMP or ICMPv6, ascending. */
  readonly icmp: Int32Array
  /** IP flows of any protocol but TCP, UDP, ICMP and ICMPv6, ascending. */
  readonly otherIp: Int32Array
}

export function flowLists(c: FlowColumns, count: number): FlowLists {
  const kind = c.kind
  const proto = c.proto
  // Sized for the worst case and trimmed: one loop, no growth.
  const udp = new Int32Array(count)
  const icmp = new Int32Array(count)
  const other = new Int32Array(count)
  let nu = 0
  let ni = 0
  let no = 0
  for (let id = 0; id < count; id++) {
    if (kind[id] !== FlowKind.IP) continue
    const p = proto[id]
    if (p === IPPROTO_TCP) continue
    if (p === IPPROTO_UDP) udp[nu++] = id
    else if (p === IPPROTO_ICMP || p === IPPROTO_ICMPV6) icmp[ni++] = id
    else other[no++] = id
  }
  return { udp: udp.slice(0, nu), icmp: icmp.slice(0, ni), otherIp: other.slice(0, no) }
}
