/**
 * Application facts per flow: the first fact of each kind seen in the flow's packets (DNS query and response,
 * TLS ClientHello and ServerHello, HTTP request, DHCP message with a host name, QUIC Initial). Facts are rare
 * (a few packets per flow at most), so they are kept as the objects the decoders made, in one list; each flow
 * finds its facts through a chain of typed-array links (a flow has at most one fact per kind, so a chain has at
 * most FACT_KINDS links). A flow without facts costs the 4 bytes of its chain head; one with facts 13 bytes per
 * fact, not an object with a field per kind (80 bytes: 9 MB at the 1 GB benchmark's 119,000 flows with facts).
 * The FlowFacts object that get() returns is built on each call.
 *
 * Kept facts are also stored in less memory where that changes no value: DNS facts, most of the facts of a
 * capture, are packed into columns (dns-fact-pack.ts) and built again by get(); equal ServerHellos share one
 * object (facts are read-only).
 */
import type { PacketBatch } from '../model/packet-batch.ts'
import type { AppFact, DhcpFact, DnsFact, HttpRequestFact, QuicInitialFact, TlsHelloFact, TlsServerHelloFact } from '../model/app-facts.ts'
import { DnsFactPack, type ExportedDnsPack } from './dns-fact-pack.ts'

export interface FlowFacts {
  dnsQuery: DnsFact | null
  dnsResponse: DnsFact | null
  tlsClientHello: TlsHelloFact | null
  tlsServerHello: TlsServerHelloFact | null
  httpRequest: HttpRequestFact | null
  dhcp: DhcpFact | null
  quicInitial: QuicInitialFact | null
}

/** The kinds of fact a flow keeps one each of (the FlowFacts fields, in order). */
const enum Slot {
  DnsQuery = 0,
  DnsResponse = 1,
  TlsClientHello = 2,
  TlsServerHello = 3,
  HttpRequest = 4,
  Dhcp = 5,
  QuicInitial = 6,
}
const FACT_KINDS = 7

/** Distinct ServerHello (version, cipher suite) objects shared at most; past it each hello keeps its own. */
const MAX_SHARED_SERVER_HELLOS = 4096

/** A FlowFactStore as plain data (structured-clone safe; the typed arrays may be transferred). */
export interface ExportedFacts {
  /** Flow id -> index + 1 of the flow's last fact in `list` (0 = none). */
  readonly head: Int32Array<ArrayBuffer>
  /** Per fact: index + 1 of the same flow's previous fact (0 = none). */
  readonly next: Int32Array<ArrayBuffer>
  /** Per fact: its Slot. */
  readonly kinds: Uint8Array<ArrayBuffer>
  /** Per fact: the fact, or the row of a DNS fact packed in `dns`. */
  readonly list: readonly (AppFact | number)[]
  readonly dns: ExportedDnsPack
  /** Flows with at least one fact. */
  readonly flows: number
}

function slotOf(fact: AppFact): Slot | -1 {
  switch (fact.kind) {
    case 'dns':
      return fact.isResponse ? Slot.DnsResponse : Slot.DnsQuery
    case 'tls-client-hello':
      return Slot.TlsClientHello
    case 'tls-server-hello':
      return Slot.TlsServerHello
    case 'http-request':
      return Slot.HttpRequest
    case 'dhcp':
      return Slot.Dhcp
    case 'quic-initial':
      return Slot.QuicInitial
    default:
      return -1
  }
}

export class FlowFactStore {
  /**
   * Flow id -> index + 1 into `list` of the flow's most recent fact (0 = no facts). Flow ids are dense, so a
   * typed array indexed by id costs less than a Map with one entry per flow that has facts.
   */
  private head = new Int32Array(1024)
  /** Fact index -> index + 1 of the previous fact of the same flow (0 = the flow's first). */
  private next = new Int32Array(1024)
  /** Fact index -> its Slot. */
  private kinds = new Uint8Array(1024)
  /** Fact index -> the fact, or (a number) the row of a DNS fact packed in `dns`. */
  private readonly list: (AppFact | number)[] = []
  private readonly dns = new DnsFactPack()
  private flows = 0
  /** Shared ServerHello objects by version << 16 | cipher suite. */
  private readonly serverHellos = new Map<number, TlsServerHelloFact>()

  /** Flows with at least one fact. */
  get size(): number {
    return this.flows
  }

  /** The facts of flow `id` (a new object each call), or null when it has none. */
  get(id: number): FlowFacts | null {
    let k = id >= 0 && id < this.head.length ? this.head[id] : 0
    if (k === 0) return null
    const f: FlowFacts = { dnsQuery: null, dnsResponse: null, tlsClientHello: null, tlsServerHello: null, httpRequest: null, dhcp: null, quicInitial: null }
    // A chain holds at most one fact per kind; the step and range checks only guard against a corrupted adopted chain.
    for (let steps = 0; k > 0 && k <= this.list.length && steps < FACT_KINDS; steps++) {
      const fact = this.factAt(k - 1)
      switch (fact.kind) {
        case 'dns':
          if (fact.isResponse) f.dnsResponse = fact
          else f.dnsQuery = fact
          break
        case 'tls-client-hello':
          f.tlsClientHello = fact
          break
        case 'tls-server-hello':
          f.tlsServerHello = fact
          break
        case 'http-request':
          f.httpRequest = fact
          break
        case 'dhcp':
          f.dhcp = fact
          break
        case 'quic-initial':
          f.quicInitial = fact
          break
      }
      k = this.next[k - 1]
    }
    return f
  }

  /**
   * The query name of flow `id`'s DNS question, read without building facts: that of its DNS query when it has
   * one, else that of its DNS response (get(id)'s `(dnsQuery ?? dnsResponse)?.qname`); null when neither.
   */
  dnsQuestionName(id: number): string | null {
    let query: AppFact | number | null = null
    let response: AppFact | number | null = null
    let k = id >= 0 && id < this.head.length ? this.head[id] : 0
    // The same walk as get(): where a corrupted chain held two facts of a kind, get() keeps the last one walked.
    for (let steps = 0; k > 0 && k <= this.list.length && steps < FACT_KINDS; steps++) {
      const held = this.list[k - 1]
      if (typeof held === 'number') {
        if (this.dns.isResponse(held)) response = held
        else query = held
      } else if (held.kind === 'dns') {
        if (held.isResponse) response = held
        else query = held
      }
      k = this.next[k - 1]
    }
    const q = query ?? response
    if (q === null) return null
    return typeof q === 'number' ? this.dns.qnameOf(q) : q.kind === 'dns' ? q.qname : null
  }

  /** Flow `id`'s TLS ClientHello (the object get(id).tlsClientHello is), or null; no FlowFacts object is built. */
  clientHello(id: number): TlsHelloFact | null {
    let hello: TlsHelloFact | null = null
    let k = id >= 0 && id < this.head.length ? this.head[id] : 0
    for (let steps = 0; k > 0 && k <= this.list.length && steps < FACT_KINDS; steps++) {
      const held = this.list[k - 1]
      if (typeof held !== 'number' && held.kind === 'tls-client-hello') hello = held
      k = this.next[k - 1]
    }
    return hello
  }

  /** DNS facts held packed (the rest of the DNS facts, if any, are kept as objects). */
  get packedDnsFacts(): number {
    return this.dns.size
  }

  private factAt(index: number): AppFact {
    const held = this.list[index]
    return typeof held === 'number' ? this.dns.fact(held) : held
  }

  /** Keeps `fact` for flow `id` (a flow table id: a small non-negative integer) when it is the first of its kind there. */
  add(id: number, fact: AppFact): void {
    if (!(id >= 0 && Number.isInteger(id))) return
    const slot = slotOf(fact)
    if (slot < 0) return
    if (id >= this.head.length) this.head = grownTo(this.head, id + 1)
    let k = this.head[id]
    for (let steps = 0; k > 0 && k <= this.list.length && steps < FACT_KINDS; steps++) {
      if (this.kinds[k - 1] === slot) {
        // DHCP: prefer the first message that names the host; every other kind keeps its first fact.
        const held = this.list[k - 1]
        if (slot === Slot.Dhcp && (held as DhcpFact).hostName === null && (fact as DhcpFact).hostName !== null) this.list[k - 1] = fact
        return
      }
      k = this.next[k - 1]
    }
    const index = this.list.length
    if (index >= this.next.length) {
      this.next = grownTo(this.next, index + 1)
      const kinds = new Uint8Array(this.next.length)
      kinds.set(this.kinds)
      this.kinds = kinds
    }
    this.list.push(this.kept(fact))
    this.kinds[index] = slot
    this.next[index] = this.head[id]
    if (this.head[id] === 0) this.flows++
    this.head[id] = index + 1
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

  /** The store as plain data for another thread (flow-transfer.ts); its typed arrays are meant to be transferred. */
  exportFacts(): ExportedFacts {
    return { head: this.head, next: this.next, kinds: this.kinds, list: this.list, dns: this.dns.exportPack(), flows: this.flows }
  }

  /** Takes over facts exported by another store (exportFacts). */
  adoptFacts(e: ExportedFacts): void {
    const n = Array.isArray(e.list) ? e.list.length : -1
    if (!(e.head instanceof Int32Array) || !(e.next instanceof Int32Array) || !(e.kinds instanceof Uint8Array) || n < 0 || e.next.length < n || e.kinds.length < n) {
      throw new Error('flow facts: not an exported store')
    }
    const packed = e.dns !== null && typeof e.dns === 'object' ? e.dns.count : -1
    for (const f of e.list) if (typeof f === 'number' && !(Number.isInteger(f) && f >= 0 && f < packed)) throw new Error('flow facts: a packed fact is missing')
    this.dns.adoptPack(e.dns)
    this.head = e.head
    this.next = e.next
    this.kinds = e.kinds
    this.list.length = 0
    for (const f of e.list) this.list.push(f)
    this.flows = Number.isInteger(e.flows) && e.flows >= 0 ? e.flows : 0
  }

  /** The fact as kept: the same values in less memory (a packed DNS fact's row, or a shared ServerHello). */
  private kept(fact: AppFact): AppFact | number {
    if (fact.kind === 'dns') {
      const row = this.dns.pack(fact)
      return row >= 0 ? row : fact
    }
    // Shared only while a ServerHello fact is exactly these three fields (a field added later must not be lost).
    if (fact.kind === 'tls-server-hello' && Object.keys(fact).length === 3) {
      const key = ((fact.version & 0xffff) << 16) | (fact.cipherSuite & 0xffff)
      const shared = this.serverHellos.get(key)
      if (shared !== undefined && shared.version === fact.version && shared.cipherSuite === fact.cipherSuite) return shared
      if (shared === undefined && this.serverHellos.size < MAX_SHARED_SERVER_HELLOS) this.serverHellos.set(key, fact)
    }
    return fact
  }
}

/** A copy of `a` with room for at least `n` entries (doubling: these arrays are small next to the columns). */
function grownTo(a: Int32Array<ArrayBuffer>, n: number): Int32Array<ArrayBuffer> {
  let cap = Math.max(1, a.length)
  while (cap < n) cap *= 2
  const out = new Int32Array(cap)
  out.set(a)
  return out
}
