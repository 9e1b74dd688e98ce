/**
 * Application facts per flow: the first fact of each kind seen in the flow's packets (DNS query and response,
 * TLS ClientHello and ServerHello, HTTP request, DHCP message with a host name, QUIC Initial). Facts are rare
 * (a few packets per flow at most), so they are kept as objects, found by flow id through a typed array, and
 * only for flows that have any; the others cost 4 bytes of that array.
 */
import type { PacketBatch } from '../model/packet-batch.ts'
import type { AppFact, DhcpFact, DnsFact, HttpRequestFact, QuicInitialFact, TlsHelloFact, TlsServerHelloFact } from '../model/app-facts.ts'

export interface FlowFacts {
  dnsQuery: DnsFact | null
  dnsResponse: DnsFact | null
  tlsClientHello: TlsHelloFact | null
  tlsServerHello: TlsServerHelloFact | null
  httpRequest: HttpRequestFact | null
  dhcp: DhcpFact | null
  quicInitial: QuicInitialFact | null
}

function emptyFacts(): FlowFacts {
  return { dnsQuery: null, dnsResponse: null, tlsClientHello: null, tlsServerHello: null, httpRequest: null, dhcp: null, quicInitial: null }
}

/** A FlowFactStore as plain data (structured-clone safe). */
export interface ExportedFacts {
  readonly index: Int32Array<ArrayBuffer>
  readonly list: readonly FlowFacts[]
}

export class FlowFactStore {
  /**
   * Flow id -> index + 1 into `list` (0 = no facts). Flow ids are dense, so a typed array indexed by id costs
   * less than a Map with one entry per flow that has facts (hashing, rehashing, an entry object each).
   */
  private index = new Int32Array(1024)
  private readonly list: FlowFacts[] = []

  get size(): number {
    return this.list.length
  }

  get(id: number): FlowFacts | null {
    const k = id >= 0 && id < this.index.length ? this.index[id] : 0
    return k === 0 ? null : this.list[k - 1]
  }

  /** Keeps `fact` for flow `id` (a flow table id: a small non-negative integer) when it is the first of its kind there. */
  add(id: number, fact: AppFact): void {
    if (!(id >= 0 && Number.isInteger(id))) return
    if (id >= this.index.length) this.grow(id + 1)
    let f: FlowFacts
    const k = this.index[id]
    if (k === 0) {
      f = emptyFacts()
      this.list.push(f)
      this.index[id] = this.list.length
    } else f = this.list[k - 1]
    switch (fact.kind) {
      case 'dns':
        if (fact.isResponse) f.dnsResponse ??= fact
        else f.dnsQuery ??= fact
        break
      case 'tls-client-hello':
        f.tlsClientHello ??= fact
        break
      case 'tls-server-hello':
        f.tlsServerHello ??= fact
        break
      case 'http-request':
        f.httpRequest ??= fact
        break
      case 'dhcp':
        // Prefer the first message that names the host.
        if (f.dhcp === null || (f.dhcp.hostName === null && fact.hostName !== null)) f.dhcp = fact
        break
      case 'quic-initial':
        f.quicInitial ??= fact
        break
    }
  }

  /**
   * Keeps the facts of a batch that a flow table on another thread counted (`flowIds`: that table's flow id of
   * each row, -1 for none): exactly what that table's store kept, since a packet's fact goes to the flow its
   * row names, in row order. Lets the finished table cross without its fact objects (flow-transfer.ts).
   */
  collect(batch: PacketBatch, flowIds: Int32Array): void {
    const facts = batch.facts
    if (facts.length === 0) return
    const factIndex = batch.factIndex
    const n = Math.min(batch.count, flowIds.length)
    for (let i = 0; i < n; i++) {
      const fi = factIndex[i]
      const id = flowIds[i]
      if (fi >= 0 && fi < facts.length && id >= 0) this.add(id, facts[fi])
    }
  }

  /** The store as plain data for another thread (flow-transfer.ts); the index is meant to be transferred. */
  exportFacts(): ExportedFacts {
    return { index: this.index, list: this.list }
  }

  /** Takes over facts exported by another store (exportFacts). */
  adoptFacts(e: ExportedFacts): void {
    if (!(e.index instanceof Int32Array) || !Array.isArray(e.list)) throw new Error('flow facts: not an exported store')
    this.index = e.index
    this.list.length = 0
    for (const f of e.list) this.list.push(f)
  }

  private grow(n: number): void {
    let cap = this.index.length
    while (cap < n) cap *= 2
    const index = new Int32Array(cap)
    index.set(this.index)
    this.index = index
  }
}
