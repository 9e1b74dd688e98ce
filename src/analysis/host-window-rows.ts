/**
 * Per-host-per-window counters as row-major typed arrays: one row per (window, host), HOST_COLS uint32
 * counters plus bytes out/in as doubles. Row-major because a packet touches one row's counters at a time.
 */

/** Uint32 counter columns of a host row. */
export const HostCol = Object.freeze({
  PacketsOut: 0,
  PacketsIn: 1,
  FlowsStarted: 2,
  FailedConnections: 3,
  /** Distinct destination hosts / ports this host sent to (filled when the window closes). */
  DstHosts: 4,
  DstPorts: 5,
  DnsQueries: 6,
  /** NXDOMAIN answers this host received. */
  Nxdomain: 7,
  TlsHandshakes: 8,
  /** TCP SYN-without-ACK packets sent (connection attempts, available without the flow table). */
  TcpSyn: 9,
  /** Retransmitted packets and all packets of the flows this host originated (from flow-end events). */
  Retransmissions: 10,
  FlowPackets: 11,
  /** Destinations this host sent to for the first time in the capture (Bloom filter: may undercount). */
  NewDstHosts: 12,
})
export const HOST_COLS = 13

export const HOST_COL_NAMES = [
  'packetsOut', 'packetsIn', 'flowsStarted', 'failedConnections', 'distinctDstHosts', 'distinctDstPorts',
  'dnsQueries', 'nxdomain', 'tlsHandshakes', 'tcpSyn', 'retransmissions', 'flowPackets',
  'newDstHosts',
] as const

export class HostRows {
  count = 0
  host = new Uint32Array(256)
  u = new Uint32Array(256 * HOST_COLS)
  bytesOut = new Float64Array(256)
  bytesIn = new Float64Array(256)

  /** Appends a zeroed row for host and returns its index. */
  append(host: number): number {
    const r = this.count++
    if (r >= this.host.length) this.grow()
    this.host[r] = host
    this.u.fill(0, r * HOST_COLS, (r + 1) * HOST_COLS)
    this.bytesOut[r] = 0
    this.bytesIn[r] = 0
    return r
  }

  /** Appends a copy of row r of another store. */
  copyRow(from: HostRows, r: number): number {
    const d = this.append(from.host[r])
    // A loop rather than set(subarray): no view object per row.
    const du = d * HOST_COLS
    const su = r * HOST_COLS
    for (let c = 0; c < HOST_COLS; c++) this.u[du + c] = from.u[su + c]
    this.bytesOut[d] = from.bytesOut[r]
    this.bytesIn[d] = from.bytesIn[r]
    return d
  }

  /** Adds row r of another store into row d of this one (counters and bytes). */
  addRow(d: number, from: HostRows, r: number): void {
    const du = d * HOST_COLS
    const su = r * HOST_COLS
    for (let c = 0; c < HOST_COLS; c++) this.u[du + c] += from.u[su + c]
    this.bytesOut[d] += from.bytesOut[r]
    this.bytesIn[d] += from.bytesIn[r]
  }

  get(r: number, col: number): number {
    return this.u[r * HOST_COLS + col]
  }

  /** Index of host in the rows [start, start + n) sorted by host id, or -1. */
  search(start: number, n: number, host: number): number {
    let lo = start
    let hi = start + n - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const h = this.host[mid]
      if (h === host) return mid
      if (h < host) lo = mid + 1
      else hi = mid - 1
    }
    return -1
  }

  clear(): void {
    this.count = 0
  }

  private grow(): void {
    const cap = this.host.length * 2
    const host = new Uint32Array(cap)
    host.set(this.host)
    const u = new Uint32Array(cap * HOST_COLS)
    u.set(this.u)
    const bo = new Float64Array(cap)
    bo.set(this.bytesOut)
    const bi = new Float64Array(cap)
    bi.set(this.bytesIn)
    this.host = host
    this.u = u
    this.bytesOut = bo
    this.bytesIn = bi
  }
}
