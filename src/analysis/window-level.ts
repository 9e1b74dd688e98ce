/**
 * Per-window aggregates at one bucket size (1, 10 or 60 s): one global row per non-empty window and one row
 * per (window, host). Windows are aligned to multiples of the bucket since the epoch, so a 1 s window lies
 * inside one 10 s window, which lies inside one 60 s window; windows.ts relies on this.
 *
 * Only the finest level still computed sees every packet (addPacket). A coarser level receives, when each
 * window of the level below it closes, that window's packet counters rolled up (rollInto: cost per active host,
 * not per packet). Distinct destinations per host are counted for all levels at once by WindowPairs.
 * Application facts and flow events go to every level directly (addToHost).
 *
 * Only the open window is mutable per packet: its host rows live in a scratch store found through arrays
 * indexed by address id (no hashing). When the window closes, its distinct counts are read out, the
 * `maxHostsPerWindow` busiest hosts are copied to the permanent store sorted by host id, and the rest are
 * folded into one "other" row with host id 0 (its distinct counts are not tracked). Late updates (flow events
 * for a closed window) find their row by binary search.
 *
 * Memory stops growing with hosts: the arrays indexed by address id cover ids below `maxHostIds` only, and the
 * open window holds at most `maxScratchRows` host rows. A host past either cap is counted in the open window's
 * "other" scratch row (host id 0, which no real address uses) and in `foldedHosts`; such hosts are missing
 * from the distinct source/destination host counts of the window.
 */
import { LogHistogram } from '../lib/log-histogram.ts'
import { HOST_COLS, HostCol, HostRows } from './host-window-rows.ts'
import type { WindowPairs } from './window-pairs.ts'
import { kthSmallest, sortRowsByHost } from './window-select.ts'
import { PORT_KEYS, ServiceTally } from './window-services.ts'

import { TOP_PORTS, WIN_COLS, WinCol } from './window-columns.ts'

export { kthSmallest } from './window-select.ts'
export { TOP_PORTS, WIN_COLS, WinCol } from './window-columns.ts'

/** Address ids tracked per host (arrays indexed by id stop growing here): 2^18 ids, 4 MB per level. */
export const MAX_HOST_IDS = 1 << 18
/** Host rows of one open window (a 60 s window of a many-flow capture rolls up ~1M hosts otherwise). */
export const MAX_SCRATCH_ROWS = 1 << 16

// Local copies of the column numbers used per packet.
const G_PACKETS = WinCol.Packets
const G_BYTES = WinCol.Bytes
const G_SYN = WinCol.TcpSyn
const G_SRC = WinCol.SrcHosts
const G_DST = WinCol.DstHosts
const G_PORTS = WinCol.DstPorts
const H_OUT = HostCol.PacketsOut
const H_IN = HostCol.PacketsIn
const H_SYN = HostCol.TcpSyn
/** Global columns that come from packets and therefore roll up from the level below. */
const ROLLED_GLOBAL = [WinCol.Packets, WinCol.Bytes, WinCol.TcpSyn, WinCol.Tcp, WinCol.Udp, WinCol.Icmp, WinCol.OtherIp, WinCol.NonIp, WinCol.Late]

export class WindowLevel {
  readonly seconds: number
  readonly maxHostsPerWindow: number
  readonly maxHostIds: number
  readonly maxScratchRows: number
  /** Host-and-window pairs counted in an "other" row because a cap was reached (0: every host had its row). */
  foldedHosts = 0
  /** Index (time / seconds, floored) of the open window; NaN before the first packet. */
  cur = NaN
  /** Row of the open window, or of the last window once closed. */
  curRow = -1
  /** False before the first window and after close() until the next open(). */
  isOpen = false
  rows = 0
  g = new Float64Array(64 * WIN_COLS)
  topPorts = new Float64Array(64 * 2 * TOP_PORTS)
  readonly rowOfWindow = new Map<number, number>()
  readonly rtt = new Map<number, LogHistogram>()
  readonly jitter = new Map<number, LogHistogram>()
  readonly kept = new HostRows()
  private readonly scratch = new HostRows()
  private serial = 0
  private hostStamp = new Int32Array(1024)
  private hostRow = new Int32Array(1024)
  private srcStamp = new Int32Array(1024)
  private dstStamp = new Int32Array(1024)
  private readonly portStamp = new Int32Array(PORT_KEYS)
  /** Destination port keys seen in the open window, to roll the distinct-port count up. */
  private readonly portsSeen = new Int32Array(PORT_KEYS)
  private portsSeenCount = 0
  private readonly services = new ServiceTally()
  /** This level's index in the WindowPairs (0 = finest). */
  readonly index: number
  private readonly dstHosts: WindowPairs
  private readonly dstPorts: WindowPairs
  /** addToHost's last lookup in a closed window: global row offset, host, kept row (-1: none). */
  private closedMemoG = -1
  private closedMemoHost = -1
  private closedMemoRow = -1
  /** rowFor's last window found in rowOfWindow and its row. */
  private rowMemoWindow = NaN
  private rowMemoRow = -1

  constructor(
    seconds: number,
    index: number,
    dstHosts: WindowPairs,
    dstPorts: WindowPairs,
    maxHostsPerWindow = 512,
    maxHostIds = MAX_HOST_IDS,
    maxScratchRows = MAX_SCRATCH_ROWS,
  ) {
    this.seconds = seconds
    this.index = index
    this.dstHosts = dstHosts
    this.dstPorts = dstPorts
    this.maxHostsPerWindow = Math.max(1, Math.floor(maxHostsPerWindow))
    this.maxHostIds = Math.max(2, Math.floor(maxHostIds))
    // Room for the kept rows, so the cap alone never changes which hosts are the busiest ones kept.
    this.maxScratchRows = Math.max(this.maxHostsPerWindow + 1, Math.floor(maxScratchRows))
  }

  /** Makes the per-address arrays cover ids below n (never past maxHostIds). */
  ensureHosts(n: number): void {
    if (n > this.maxHostIds) n = this.maxHostIds
    if (n <= this.hostStamp.length) return
    let cap = this.hostStamp.length
    while (cap < n) cap *= 2
    const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(cap)
      b.set(a)
      return b
    }
    this.hostStamp = grow(this.hostStamp)
    this.hostRow = grow(this.hostRow)
    this.srcStamp = grow(this.srcStamp)
    this.dstStamp = grow(this.dstStamp)
  }

  /**
   * Counts one packet in the open window (finest level only). protoCol is one of WinCol.Tcp..NonIp; portKey
   * the destination port key or -1; svcKey the service port key or -1.
   */
  addPacket(src: number, dst: number, bytes: number, protoCol: number, portKey: number, svcKey: number, syn: boolean): void {
    const G = this.g
    const g = this.curRow * WIN_COLS
    G[g + G_PACKETS]++
    G[g + G_BYTES] += bytes
    G[g + protoCol]++
    const serial = this.serial
    const s = this.scratch
    const idCap = this.maxHostIds
    if (src !== 0) {
      // Ids past the cap share slot 0, the "other" row; they are left out of the distinct host count.
      const h = src < idCap ? src : 0
      const r = this.hostStamp[h] === serial ? this.hostRow[h] : this.newHost(h)
      s.u[r * HOST_COLS + H_OUT]++
      s.bytesOut[r] += bytes
      if (syn) {
        s.u[r * HOST_COLS + H_SYN]++
        G[g + G_SYN]++
      }
      if (this.srcStamp[h] !== serial && h !== 0) {
        this.srcStamp[h] = serial
        G[g + G_SRC]++
      }
    }
    if (dst !== 0) {
      const h = dst < idCap ? dst : 0
      const r = this.hostStamp[h] === serial ? this.hostRow[h] : this.newHost(h)
      s.u[r * HOST_COLS + H_IN]++
      s.bytesIn[r] += bytes
      if (this.dstStamp[h] !== serial && h !== 0) {
        this.dstStamp[h] = serial
        G[g + G_DST]++
      }
    }
    if (portKey >= 0 && this.portStamp[portKey] !== serial) this.notePort(portKey)
    if (svcKey >= 0) this.services.add(svcKey)
  }

  /** Counts a packet whose time is earlier than the open window. */
  markLate(): void {
    this.g[this.curRow * WIN_COLS + WinCol.Late]++
  }

  /** Adds n to a host counter of the window with global row offset g (open or closed) and to the global column. */
  addToHost(g: number, host: number, hostCol: number, globalCol: number, n: number): void {
    this.g[g + globalCol] += n
    if (host === 0) return
    const row = g / WIN_COLS
    if (this.isOpen && row === this.curRow) {
      if (host >= this.maxHostIds) host = 0
      else if (host >= this.hostStamp.length) this.ensureHosts(host + 1)
      const r = this.hostStamp[host] === this.serial ? this.hostRow[host] : this.newHost(host)
      this.scratch.u[r * HOST_COLS + hostCol] += n
      return
    }
    // A closed window's kept rows never change, so the last answer stays right for the same window and host.
    let r = this.closedMemoRow
    if (g !== this.closedMemoG || host !== this.closedMemoHost) {
      const start = this.g[g + WinCol.HostStart]
      const count = this.g[g + WinCol.HostCount]
      r = this.kept.search(start, count, host)
      if (r < 0 && count > 0 && this.kept.host[start] === 0) r = start
      this.closedMemoG = g
      this.closedMemoHost = host
      this.closedMemoRow = r
    }
    if (r >= 0) this.kept.u[r * HOST_COLS + hostCol] += n
  }

  /**
   * Global row offset of the window containing t: its own row if it exists, else the open (or, after the
   * end, the last) window's. Opens a first window only when there has never been one.
   */
  rowFor(t: number): number {
    const w = Math.floor(t / this.seconds)
    if (this.rows === 0) this.open(w)
    if (this.isOpen && w >= this.cur) return this.curRow * WIN_COLS
    // Flow events come in start-time order, so runs ask for the same window (whose row never changes).
    if (w === this.rowMemoWindow) return this.rowMemoRow * WIN_COLS
    const row = this.rowOfWindow.get(w)
    if (row === undefined) return this.curRow * WIN_COLS
    this.rowMemoWindow = w
    this.rowMemoRow = row
    return row * WIN_COLS
  }

  sketchFor(map: Map<number, LogHistogram>, g: number): LogHistogram {
    const row = g / WIN_COLS
    let h = map.get(row)
    if (!h) {
      h = new LogHistogram()
      map.set(row, h)
    }
    return h
  }

  /** Opens window w (closing nothing: the caller closes the previous one first). */
  open(w: number): void {
    const row = this.rows++
    if ((row + 1) * WIN_COLS > this.g.length) {
      const g = new Float64Array(this.g.length * 2)
      g.set(this.g)
      this.g = g
      const p = new Float64Array(this.topPorts.length * 2)
      p.set(this.topPorts)
      this.topPorts = p
    }
    this.g[row * WIN_COLS + WinCol.Window] = w
    this.rowOfWindow.set(w, row)
    this.cur = w
    this.curRow = row
    this.isOpen = true
    this.serial++
    this.scratch.clear()
    this.dstHosts.openWindow(this.index, this.serial)
    this.dstPorts.openWindow(this.index, this.serial)
  }

  /** Closes the open window, rolling its packet counters into the open window of `next` (the coarser level). */
  close(next: WindowLevel | null): void {
    if (!this.isOpen) return
    const g = this.curRow * WIN_COLS
    const s = this.scratch
    if (next !== null && next.isOpen) this.rollInto(next)
    this.g[g + WinCol.ActiveHosts] = s.count
    this.g[g + WinCol.HostStart] = this.kept.count
    const keep = this.selectBusiest()
    // Distinct counts only for the rows kept: the "other" row's are zeroed anyway.
    for (let j = 0; j < keep.length; j++) {
      const r = keep[j]
      s.u[r * HOST_COLS + HostCol.DstHosts] = this.dstHosts.count(this.index, s.host[r])
      s.u[r * HOST_COLS + HostCol.DstPorts] = this.dstPorts.count(this.index, s.host[r])
    }
    if (keep.length < s.count) {
      // Fold every row not kept into one "other" row; its distinct counts are not meaningful.
      const other = this.kept.append(0)
      const kept = new Uint8Array(s.count)
      for (let j = 0; j < keep.length; j++) kept[keep[j]] = 1
      for (let r = 0; r < s.count; r++) if (kept[r] === 0) this.kept.addRow(other, s, r)
      this.kept.u[other * HOST_COLS + HostCol.DstHosts] = 0
      this.kept.u[other * HOST_COLS + HostCol.DstPorts] = 0
    }
    sortRowsByHost(keep, s.host)
    for (let j = 0; j < keep.length; j++) this.kept.copyRow(s, keep[j])
    this.g[g + WinCol.HostCount] = this.kept.count - this.g[g + WinCol.HostStart]
    this.closePorts()
    this.cur = NaN
    this.isOpen = false
  }

  /**
   * Scratch rows of the busiest maxHostsPerWindow hosts (packets in + out); ties at the cut go to the hosts seen
   * first in the window. Finds the cut by selection, not by sorting all rows.
   */
  private selectBusiest(): number[] {
    const s = this.scratch
    const n = s.count
    const k = this.maxHostsPerWindow
    const all: number[] = []
    // The "other" scratch row (host 0) is never kept as a host: it folds into the window's "other" row.
    const other = this.hostStamp[0] === this.serial ? this.hostRow[0] : -1
    if (n - (other >= 0 ? 1 : 0) <= k) {
      for (let r = 0; r < n; r++) if (r !== other) all.push(r)
      return all
    }
    const busy = new Float64Array(n)
    for (let r = 0; r < n; r++) busy[r] = s.u[r * HOST_COLS + H_OUT] + s.u[r * HOST_COLS + H_IN]
    if (other >= 0) busy[other] = -1
    // The k-th largest count, found by selection (linear on average) rather than by sorting all n.
    const cut = kthSmallest(busy.slice(), n - k)
    let above = 0
    for (let r = 0; r < n; r++) if (busy[r] > cut) above++
    let atCut = k - above
    for (let r = 0; r < n; r++) {
      if (busy[r] > cut) all.push(r)
      else if (busy[r] === cut && atCut > 0) {
        all.push(r)
        atCut--
      }
    }
    return all
  }

  private notePort(key: number): void {
    if (this.portStamp[key] !== this.serial) {
      this.portStamp[key] = this.serial
      this.portsSeen[this.portsSeenCount++] = key
      this.g[this.curRow * WIN_COLS + G_PORTS]++
    }
  }

  private newHost(host: number): number {
    const serial = this.serial
    if (host === 0 || this.scratch.count >= this.maxScratchRows) {
      // Past a cap: the host shares the window's "other" row, and later packets find it through its own slot.
      this.foldedHosts++
      let r = this.hostStamp[0] === serial ? this.hostRow[0] : -1
      if (r < 0) {
        r = this.scratch.append(0)
        this.hostStamp[0] = serial
        this.hostRow[0] = r
      }
      if (host !== 0) {
        this.hostStamp[host] = serial
        this.hostRow[host] = r
      }
      return r
    }
    const r = this.scratch.append(host)
    this.hostStamp[host] = serial
    this.hostRow[host] = r
    return r
  }

  /** Scratch row of the open window's "other" host (created on first use). */
  private otherRow(): number {
    return this.hostStamp[0] === this.serial ? this.hostRow[0] : this.newHost(0)
  }

  /** Adds this window's packet-derived counters to the open window of the coarser level. */
  private rollInto(next: WindowLevel): void {
    const from = this.curRow * WIN_COLS
    const to = next.curRow * WIN_COLS
    for (const c of ROLLED_GLOBAL) next.g[to + c] += this.g[from + c]
    const s = this.scratch
    const serial = next.serial
    for (let r = 0; r < s.count; r++) {
      const h = s.host[r]
      const out = s.u[r * HOST_COLS + H_OUT]
      const inn = s.u[r * HOST_COLS + H_IN]
      if (out === 0 && inn === 0) continue
      if (h >= next.hostStamp.length) next.ensureHosts(h + 1)
      const d = h >= next.maxHostIds ? next.otherRow() : next.hostStamp[h] === serial ? next.hostRow[h] : next.newHost(h)
      next.scratch.u[d * HOST_COLS + H_OUT] += out
      next.scratch.u[d * HOST_COLS + H_IN] += inn
      next.scratch.u[d * HOST_COLS + H_SYN] += s.u[r * HOST_COLS + H_SYN]
      next.scratch.bytesOut[d] += s.bytesOut[r]
      next.scratch.bytesIn[d] += s.bytesIn[r]
      if (h === 0 || h >= next.maxHostIds) continue
      if (out > 0 && next.srcStamp[h] !== serial) {
        next.srcStamp[h] = serial
        next.g[to + G_SRC]++
      }
      if (inn > 0 && next.dstStamp[h] !== serial) {
        next.dstStamp[h] = serial
        next.g[to + G_DST]++
      }
    }
    for (let k = 0; k < this.portsSeenCount; k++) next.notePort(this.portsSeen[k])
    this.services.rollInto(next.services)
  }

  /** Keeps the TOP_PORTS busiest service ports of the window and starts the next window's port counts afresh. */
  private closePorts(): void {
    this.services.takeTop(this.topPorts, this.curRow * 2 * TOP_PORTS)
    this.portsSeenCount = 0
  }
}
