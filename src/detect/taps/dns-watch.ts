/**
 * DNS questions per (client, registered domain), from every DNS message of every batch. The flow table keeps
 * only a flow's first query, and a tunnel that reuses one socket puts thousands of queries in one flow, so the
 * tunnel and DGA detector needs this packet-level view. Per pair it keeps counts and sums (queries, subdomain
 * lengths and entropies, record types, NXDOMAINs) and the distinct subdomains up to a cap; per client the
 * distinct names that came back NXDOMAIN. Bounded by MAX_PAIRS pairs and MAX_SUBS names per pair.
 */
import type { DecodeContext } from '../../decode/context.ts'
import type { DnsFact } from '../../model/app-facts.ts'
import type { PacketBatch } from '../../model/packet-batch.ts'
import { isLocalOrReverse, nameOddness, splitName, subdomainEntropy } from '../../baseline/dns-names.ts'

const MAX_PAIRS = 100_000
const MAX_SUBS = 4096
const MAX_NX_NAMES = 4096
const MAX_SERVERS = 8

/**
 * One (client, registered domain) pair. Most pairs see a single name (a client looks a domain up once), so
 * the sets of distinct subdomains and servers are made only when a second distinct value arrives: the watch
 * keeps tens of thousands of pairs on a busy capture and a Set per pair was most of its time and memory.
 */
export class DomainStats {
  queries = 0
  /** Distinct subdomains past the first: exact up to MAX_SUBS; past it subsOverflow counts queries with unseen ones (an over-estimate). */
  private firstSub: string | null = null
  private moreSubs: Set<string> | null = null
  subsOverflow = 0
  subLengthSum = 0
  maxLabel = 0
  entropySum = 0
  oddnessSum = 0
  /** Queries by type: TXT, NULL, CNAME, MX, other. */
  txt = 0
  nullType = 0
  cname = 0
  mx = 0
  nxdomain = 0
  private readonly firstServer: number
  private moreServers: number[] | null = null

  constructor(
    readonly client: number,
    readonly domain: string,
    server: number,
    public first: number,
    public last: number,
    /** The pair's first query name (capped): an example for the alert. */
    readonly example: string,
  ) {
    this.firstServer = server
  }

  /** Distinct subdomains seen (exact below the cap, a lower bound above it); Set semantics in arrival order. */
  addSub(sub: string): void {
    if (this.firstSub === null) {
      this.firstSub = sub
      return
    }
    if (sub === this.firstSub) return
    let more = this.moreSubs
    if (more === null) {
      more = new Set()
      this.moreSubs = more
    }
    // The first subdomain counts towards MAX_SUBS as it did when every pair had a Set.
    if (more.size + 1 < MAX_SUBS) more.add(sub)
    else if (!more.has(sub)) this.subsOverflow++
  }

  get distinctSubs(): number {
    return (this.firstSub === null ? 0 : 1) + (this.moreSubs?.size ?? 0) + this.subsOverflow
  }

  /** Up to MAX_SERVERS distinct servers asked, in the order first asked. */
  addServer(server: number): void {
    if (server === this.firstServer) return
    let more = this.moreServers
    if (more === null) {
      more = []
      this.moreServers = more
    }
    if (more.length + 1 < MAX_SERVERS && !more.includes(server)) more.push(server)
  }

  get servers(): number[] {
    return this.moreServers === null ? [this.firstServer] : [this.firstServer, ...this.moreServers]
  }
}

export interface NxStats {
  first: number
  last: number
  readonly names: Set<string>
  count: number
  oddnessSum: number
}

/** What one query name contributes, computed once per distinct name (names repeat a lot). */
interface NameInfo {
  readonly split: ReturnType<typeof splitName>
  readonly entropy: number
  readonly oddness: number
  readonly maxLabel: number
  /** A local or reverse name (dns-names isLocalOrReverse): not counted. */
  readonly ignored: boolean
}

const NAME_CACHE = 20_000

export class DnsWatch {
  private readonly names = new Map<string, NameInfo>()

  /** Client id -> registered domain -> stats (no string built per message for the lookup). */
  private readonly byClient = new Map<number, Map<string, DomainStats>>()
  /** (client, domain) pairs tracked. */
  pairCount = 0
  readonly nxByClient = new Map<number, NxStats>()
  messages = 0
  dropped = 0

  consume(batch: PacketBatch, _ctx: DecodeContext): void {
    const n = batch.count
    const facts = batch.facts
    for (let i = 0; i < n; i++) {
      const f = batch.factIndex[i]
      if (f < 0 || f >= facts.length) continue
      const fact = facts[f]
      if (fact.kind !== 'dns' || fact.qname === null) continue
      this.messages++
      const client = fact.isResponse ? batch.dstAddr[i] : batch.srcAddr[i]
      const server = fact.isResponse ? batch.srcAddr[i] : batch.dstAddr[i]
      this.addFact(fact, client, server, batch.time[i])
    }
  }

  /** Counts one DNS message between `client` and `server` (a response counts only its NXDOMAIN). */
  addFact(fact: DnsFact | null, client: number, server: number, t: number): void {
    if (fact === null || fact.qname === null) return
    // A response only counts when it says NXDOMAIN: every other answer is skipped before any name work.
    if (fact.isResponse && fact.rcode !== 3) return
    const name = fact.qname
    const info = this.info(name)
    const split = info.split
    if (info.ignored) return
    if (fact.isResponse) {
      this.addNx(client, name, t)
      const s = this.byClient.get(client)?.get(split.domain)
      if (s !== undefined) s.nxdomain++
      return
    }
    let domains = this.byClient.get(client)
    if (domains === undefined) {
      domains = new Map()
      this.byClient.set(client, domains)
    }
    let s = domains.get(split.domain)
    if (s === undefined) {
      if (this.pairCount >= MAX_PAIRS) {
        this.dropped++
        return
      }
      s = new DomainStats(client, split.domain, server, t, t, name.slice(0, 255))
      domains.set(split.domain, s)
      this.pairCount++
    } else s.addServer(server)
    s.queries++
    if (t < s.first) s.first = t
    if (t > s.last) s.last = t
    if (split.sub !== '') {
      s.addSub(split.sub)
      s.subLengthSum += split.sub.length
      if (info.maxLabel > s.maxLabel) s.maxLabel = info.maxLabel
      s.entropySum += info.entropy
    }
    s.oddnessSum += info.oddness
    if (fact.qtype === 16) s.txt++
    else if (fact.qtype === 10) s.nullType++
    else if (fact.qtype === 5) s.cname++
    else if (fact.qtype === 15) s.mx++
  }

  private info(name: string): NameInfo {
    let info = this.names.get(name)
    if (info === undefined) {
      const split = splitName(name)
      let maxLabel = 0
      for (const label of split.sub.split('.')) if (label.length > maxLabel) maxLabel = label.length
      info = { split, entropy: subdomainEntropy(split.sub), oddness: nameOddness(name, split), maxLabel, ignored: isLocalOrReverse(split.domain) }
      // A bounded cache: tunnels make every name new, so it is simply emptied when full.
      if (this.names.size >= NAME_CACHE) this.names.clear()
      this.names.set(name, info)
    }
    return info
  }

  private addNx(client: number, name: string, t: number): void {
    let nx = this.nxByClient.get(client)
    if (nx === undefined) {
      if (this.nxByClient.size >= MAX_PAIRS) return
      nx = { first: t, last: t, names: new Set(), count: 0, oddnessSum: 0 }
      this.nxByClient.set(client, nx)
    }
    nx.count++
    if (t < nx.first) nx.first = t
    if (t > nx.last) nx.last = t
    if (nx.names.size < MAX_NX_NAMES && !nx.names.has(name)) {
      nx.names.add(name)
      nx.oddnessSum += this.info(name).oddness
    }
  }

  /** Every (client, domain) pair's stats. */
  *domains(): Generator<DomainStats> {
    for (const m of this.byClient.values()) yield* m.values()
  }

  /** Distinct subdomains of a pair (exact below the cap, a lower bound above it). */
  static distinctSubs(s: DomainStats): number {
    return s.distinctSubs
  }
}
