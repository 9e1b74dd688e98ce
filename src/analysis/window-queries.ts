/**
 * Chart- and table-sized views of the window aggregates (windows.ts), for the UI and the CLI: the global
 * series as columns, one host's series, the hosts of one window, and a hosts x windows matrix for heatmaps.
 * Everything here runs after finish(); nothing is per packet.
 */
import type { AddressTable } from '../model/address-table.ts'
import { HOST_COLS, HOST_COL_NAMES, HostCol } from './host-window-rows.ts'
import { TOP_PORTS, WIN_COLS, WinCol, type WindowLevel } from './window-level.ts'

export interface WindowSeries {
  readonly bucketSeconds: number
  /** Start of each non-empty window, seconds since the epoch. */
  readonly start: Float64Array
  readonly packets: Float64Array
  readonly bytes: Float64Array
  readonly flowsStarted: Float64Array
  readonly failedConnections: Float64Array
  readonly activeSources: Float64Array
  readonly distinctDstHosts: Float64Array
  readonly distinctDstPorts: Float64Array
  readonly newPairs: Float64Array
  readonly dnsQueries: Float64Array
  readonly nxdomain: Float64Array
  readonly tlsHandshakes: Float64Array
  readonly tcpSyn: Float64Array
  /** Packets by protocol: TCP, UDP, ICMP/ICMPv6, other IP, not IP. */
  readonly tcp: Float64Array
  readonly udp: Float64Array
  readonly icmp: Float64Array
  readonly otherIp: Float64Array
  readonly nonIp: Float64Array
  /** Retransmitted / all packets of the flows started in the window (NaN without flow data). */
  readonly retransmissionRatio: Float64Array
  /** Quantiles of handshake RTT and of jitter, seconds (NaN without samples). */
  readonly rttP50: Float64Array
  readonly rttP90: Float64Array
  readonly rttP99: Float64Array
  readonly jitterP50: Float64Array
  readonly jitterP90: Float64Array
  /** Busiest service ports per window: TOP_PORTS entries per window of "tcp/443" style labels and packets. */
  readonly topPorts: readonly (readonly { port: string; packets: number }[])[]
}

const col = (l: WindowLevel, c: number): Float64Array => {
  const out = new Float64Array(l.rows)
  for (let r = 0; r < l.rows; r++) out[r] = l.g[r * WIN_COLS + c]
  return out
}

export function portLabel(key: number): string {
  return key >= 65536 ? `udp/${key - 65536}` : `tcp/${key}`
}

export function windowSeries(l: WindowLevel): WindowSeries {
  const n = l.rows
  const start = col(l, WinCol.Window).map((w) => w * l.seconds)
  const retrans = new Float64Array(n)
  const q = (map: Map<number, { quantile(q: number): number }>, p: number): Float64Array => {
    const out = new Float64Array(n).fill(NaN)
    for (const [row, h] of map) if (row < n) out[row] = h.quantile(p)
    return out
  }
  for (let r = 0; r < n; r++) {
    const fp = l.g[r * WIN_COLS + WinCol.FlowPackets]
    retrans[r] = fp > 0 ? l.g[r * WIN_COLS + WinCol.Retransmissions] / fp : NaN
  }
  const topPorts: { port: string; packets: number }[][] = []
  for (let r = 0; r < n; r++) {
    const list: { port: string; packets: number }[] = []
    for (let j = 0; j < TOP_PORTS; j++) {
      const key = l.topPorts[r * 2 * TOP_PORTS + 2 * j]
      const c = l.topPorts[r * 2 * TOP_PORTS + 2 * j + 1]
      if (key >= 0 && c > 0) list.push({ port: portLabel(key), packets: c })
    }
    topPorts.push(list)
  }
  return {
    bucketSeconds: l.seconds,
    start,
    packets: col(l, WinCol.Packets),
    bytes: col(l, WinCol.Bytes),
    flowsStarted: col(l, WinCol.FlowsStarted),
    failedConnections: col(l, WinCol.FailedConnections),
    activeSources: col(l, WinCol.SrcHosts),
    distinctDstHosts: col(l, WinCol.DstHosts),
    distinctDstPorts: col(l, WinCol.DstPorts),
    newPairs: col(l, WinCol.NewPairs),
    dnsQueries: col(l, WinCol.DnsQueries),
    nxdomain: col(l, WinCol.Nxdomain),
    tlsHandshakes: col(l, WinCol.TlsHandshakes),
    tcpSyn: col(l, WinCol.TcpSyn),
    tcp: col(l, WinCol.Tcp),
    udp: col(l, WinCol.Udp),
    icmp: col(l, WinCol.Icmp),
    otherIp: col(l, WinCol.OtherIp),
    nonIp: col(l, WinCol.NonIp),
    retransmissionRatio: retrans,
    rttP50: q(l.rtt, 0.5),
    rttP90: q(l.rtt, 0.9),
    rttP99: q(l.rtt, 0.99),
    jitterP50: q(l.jitter, 0.5),
    jitterP90: q(l.jitter, 0.9),
    topPorts,
  }
}

export type HostMetric = (typeof HOST_COL_NAMES)[number] | 'bytesOut' | 'bytesIn'

export interface HostWindowRecord {
  readonly windowStart: number
  /** The address, or "other" for the row folding the hosts beyond the per-window cap. */
  readonly host: string
  readonly bytesOut: number
  readonly bytesIn: number
  readonly counters: Readonly<Record<(typeof HOST_COL_NAMES)[number], number>>
}

function hostRecord(l: WindowLevel, windowStart: number, r: number, addresses: AddressTable): HostWindowRecord {
  const counters = {} as Record<(typeof HOST_COL_NAMES)[number], number>
  HOST_COL_NAMES.forEach((name, c) => (counters[name] = l.kept.u[r * HOST_COLS + c]))
  const id = l.kept.host[r]
  return { windowStart, host: id === 0 ? 'other' : addresses.format(id), bytesOut: l.kept.bytesOut[r], bytesIn: l.kept.bytesIn[r], counters }
}

/** One host's rows, in time order (windows where the host was not kept are absent). */
export function hostWindowSeries(l: WindowLevel, hostId: number, addresses: AddressTable): HostWindowRecord[] {
  const out: HostWindowRecord[] = []
  for (let w = 0; w < l.rows; w++) {
    const g = w * WIN_COLS
    const r = l.kept.search(l.g[g + WinCol.HostStart], l.g[g + WinCol.HostCount], hostId)
    if (r >= 0) out.push(hostRecord(l, l.g[g + WinCol.Window] * l.seconds, r, addresses))
  }
  return out
}

/** The kept host rows of the window containing time t, busiest first ("other" last), at most `limit`. */
export function hostsInWindow(l: WindowLevel, t: number, addresses: AddressTable, limit = 100): HostWindowRecord[] {
  const row = l.rowOfWindow.get(Math.floor(t / l.seconds))
  if (row === undefined) return []
  const g = row * WIN_COLS
  const start = l.g[g + WinCol.HostStart]
  const count = l.g[g + WinCol.HostCount]
  const rows = Array.from({ length: count }, (_, k) => start + k)
  const busy = (r: number): number => l.kept.u[r * HOST_COLS + HostCol.PacketsOut] + l.kept.u[r * HOST_COLS + HostCol.PacketsIn]
  // The "other" row (host 0) goes last whatever its size: it is a remainder, not a host.
  const isOther = (r: number): number => (l.kept.host[r] === 0 ? 1 : 0)
  rows.sort((a, b) => isOther(a) - isOther(b) || busy(b) - busy(a) || l.kept.host[a] - l.kept.host[b])
  return rows.slice(0, Math.max(0, limit)).map((r) => hostRecord(l, l.g[g + WinCol.Window] * l.seconds, r, addresses))
}

function metricOf(l: WindowLevel, r: number, metric: HostMetric): number {
  if (metric === 'bytesOut') return l.kept.bytesOut[r]
  if (metric === 'bytesIn') return l.kept.bytesIn[r]
  return l.kept.u[r * HOST_COLS + HOST_COL_NAMES.indexOf(metric)]
}

export interface HostMatrix {
  readonly bucketSeconds: number
  readonly windowStart: Float64Array
  readonly hosts: readonly string[]
  /** values[h * windows + w]: the metric of hosts[h] in window w (0 where the host was not kept). */
  readonly values: Float64Array
}

/** The `n` hosts with the largest total of `metric`, as a hosts x windows matrix (heatmap data). */
export function hostMatrix(l: WindowLevel, metric: HostMetric, addresses: AddressTable, n = 50): HostMatrix {
  const totals = new Map<number, number>()
  for (let r = 0; r < l.kept.count; r++) {
    const id = l.kept.host[r]
    if (id !== 0) totals.set(id, (totals.get(id) ?? 0) + metricOf(l, r, metric))
  }
  const top = [...totals].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, Math.max(0, n)).map(([id]) => id)
  const index = new Map(top.map((id, k) => [id, k]))
  const values = new Float64Array(top.length * l.rows)
  for (let w = 0; w < l.rows; w++) {
    const g = w * WIN_COLS
    const start = l.g[g + WinCol.HostStart]
    const end = start + l.g[g + WinCol.HostCount]
    for (let r = start; r < end; r++) {
      const k = index.get(l.kept.host[r])
      if (k !== undefined) values[k * l.rows + w] = metricOf(l, r, metric)
    }
  }
  return { bucketSeconds: l.seconds, windowStart: col(l, WinCol.Window).map((w) => w * l.seconds), hosts: top.map((id) => addresses.format(id)), values }
}
