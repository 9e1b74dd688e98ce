/**
 * DNS questions per (client, registered domain), from every DNS message of every batch. The flow table keeps
 * only a flow's first query, and a tunnel that reuses one socket puts thousands of queries in one flow, so the
 * tunnel and DGA detector needs this packet-level view. Per pair it keeps counts and sums (queries, subdomain
 * lengths and entropies, record types, NXDOMAINs) and the distinct subdomains up to a cap; per client the
 * distinct names that came back NXDOMAIN. Bounded by MAX_PAIRS pairs and MAX_SUBS names per pair. The pairs
 * live in typed-array columns (dns-pair-table.ts); detectors read them as snapshots through domains().
 */
import type { DecodeContext } from '../../decode/context.ts'
import type { DnsFact } from '../../model/app-facts.ts'
import type { PacketBatch } from '../../model/packet-batch.ts'
import { isLocalOrReverse, nameOddness, splitName, subdomainEntropy } from '../../baseline/dns-names.ts'
import { DnsPairTable } from './dns-pair-table.ts'

const MAX_PAIRS = 100_000
const MAX_NX_NAMES = 4096

/** One (client, registered domain) pair as the detectors read it: a snapshot made when asked for. */
export interface DomainStats {
  readonly client: number
  readonly domain: string
  readonly first: number
  readonly last: number
  /** The pair's first query name (capped): an example for the alert. */
  readonly example: string
  readonly queries: number
  /** Distinct subdomains: exact below the cap, past it an over-estimate. */
  readonly distinctSubs: number
  readonly subLengthSum: number
  readonly maxLabel: number
  readonly entropySum: number
  readonly oddnessSum: number
  /** Queries by type: TXT, NULL, CNAME, MX. */
  readonly txt: number
  readonly nullType: number
  readonly cname: number
  readonly mx: number
  readonly nxdomain: number
  /** Up to MAX_SERVERS distinct servers asked, in the order first asked. */
  readonly servers: readonly number[]
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
  /** The registered domain's id in the pair table once some pair has it (-1 before): no name lookup per query. */
  domainId: number
}

const NAME_CACHE = 20_000

export class DnsWatch {
  private readonly names = new Map<string, NameInfo>()

  /** The (client, domain) pairs as columns. */
  private readonly pairs = new DnsPairTable()
  readonly nxByClient = new Map<number, NxStats>()
  messages = 0
  /** Queries dropped because MAX_PAIRS pairs were already tracked. */
  dropped = 0

  /** (client, domain) pairs tracked. */
  get pairCount(): number {
    return this.pairs.count
  }

  consume(batch: PacketBatch, _ctx: DecodeContext): void {
    const n = batch.count
    const facts = batch.facts
    for (let i = 0; i < n; i++) {
      const f = batch.factIndex[i]
      if (f < 0 || f >= facts.length) continue
      const fact = facts[f]
      if (fact.kind === 'dns') this.consumeRow(batch, i, fact)
    }
  }

  /** Counts the DNS message of row `i` (PacketTaps walks the rows once for all the watches). */
  consumeRow(batch: PacketBatch, i: number, fact: DnsFact): void {
    if (fact.qname === null) return
    this.messages++
    const client = fact.isResponse ? batch.dstAddr[i] : batch.srcAddr[i]
    const server = fact.isResponse ? batch.srcAddr[i] : batch.dstAddr[i]
    this.addFact(fact, client, server, batch.time[i])
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
    const pairs = this.pairs
    if (fact.isResponse) {
      this.addNx(client, name, t)
      const d = this.domainIdOf(info)
      const p = d < 0 ? -1 : pairs.find(client, d)
      if (p >= 0) pairs.nxdomain[p]++
      return
    }
    const d = this.domainIdOf(info)
    let p = d < 0 ? -1 : pairs.find(client, d)
    if (p < 0) {
      if (pairs.count >= MAX_PAIRS) {
        this.dropped++
        return
      }
      p = pairs.add(client, split.domain, server, t, name.slice(0, 255), d)
      info.domainId = pairs.domain[p]
    } else pairs.addServer(p, server)
    pairs.queries[p]++
    if (t < pairs.first[p]) pairs.first[p] = t
    if (t > pairs.last[p]) pairs.last[p] = t
    if (split.sub !== '') {
      pairs.addSub(p, split.sub)
      pairs.subLengthSum[p] += split.sub.length
      if (info.maxLabel > pairs.maxLabel[p]) pairs.maxLabel[p] = info.maxLabel
      pairs.entropySum[p] += info.entropy
    }
    pairs.oddnessSum[p] += info.oddness
    if (fact.qtype === 16) pairs.txt[p]++
    else if (fact.qtype === 10) pairs.nullType[p]++
    else if (fact.qtype === 5) pairs.cname[p]++
    else if (fact.qtype === 15) pairs.mx[p]++
  }

  /** pairs.domainId of the name's registered domain, kept on its NameInfo once the domain has an id. */
  private domainIdOf(info: NameInfo): number {
    if (info.domainId < 0) info.domainId = this.pairs.domainId(info.split.domain)
    return info.domainId
  }

  private info(name: string): NameInfo {
    let info = this.names.get(name)
    if (info === undefined) {
      const split = splitName(name)
      const maxLabel = longestLabel(split.sub)
      info = { split, entropy: subdomainEntropy(split.sub), oddness: nameOddness(name, split), maxLabel, ignored: isLocalOrReverse(split.domain), domainId: -1 }
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

  /**
   * Every (client, domain) pair with at least `minDistinctSubs` distinct subdomains, client by client (clients
   * in the order they first asked), as snapshots.
   */
  *domains(minDistinctSubs = 0): Generator<DomainStats> {
    const pairs = this.pairs
    for (const p of pairs.order()) {
      const distinctSubs = pairs.distinctSubs(p)
      if (distinctSubs < minDistinctSubs) continue
      yield {
        client: pairs.client[p], domain: pairs.domainNames[pairs.domain[p]], first: pairs.first[p], last: pairs.last[p],
        example: pairs.example[p], queries: pairs.queries[p], distinctSubs, subLengthSum: pairs.subLengthSum[p],
        maxLabel: pairs.maxLabel[p], entropySum: pairs.entropySum[p], oddnessSum: pairs.oddnessSum[p], txt: pairs.txt[p],
        nullType: pairs.nullType[p], cname: pairs.cname[p], mx: pairs.mx[p], nxdomain: pairs.nxdomain[p], servers: pairs.servers(p),
      }
    }
  }

  /** Distinct subdomains of a pair (exact below the cap, a lower bound above it). */
  static distinctSubs(s: DomainStats): number {
    return s.distinctSubs
  }
}

/** The longest dot-separated label of `name` (no array of labels made: this runs for every new name). */
function longestLabel(name: string): number {
  let longest = 0
  let start = 0
  for (let i = 0; i <= name.length; i++) {
    if (i === name.length || name.charCodeAt(i) === 46) {
      if (i - start > longest) longest = i - start
      start = i + 1
    }
  }
  return longest
}
