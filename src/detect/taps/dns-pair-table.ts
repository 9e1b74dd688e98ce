/**
 * The (client, registered domain) pairs of the DNS watch as typed-array columns, keyed by the client's address
 * id and an interned domain id through an open-addressing hash table. A busy capture has tens of thousands of
 * pairs, nearly all seen once: an object (and a Map) per pair was most of the watch's time and of the garbage
 * the collector later walked. Only pairs that see a second distinct subdomain or server get a Set or a list.
 */

/** Distinct subdomains kept per pair (the first counts towards it). */
export const MAX_SUBS = 4096
/** Distinct servers kept per pair, in the order first asked. */
export const MAX_SERVERS = 8

const INITIAL = 1024

export class DnsPairTable {
  /** Pairs stored; pair ids are 0..count-1 in order of creation. */
  count = 0
  private capacity = INITIAL
  /** Address ids (unsigned, as in the packet batch columns). */
  client = new Uint32Array(INITIAL)
  domain = new Int32Array(INITIAL)
  first = new Float64Array(INITIAL)
  last = new Float64Array(INITIAL)
  queries = new Float64Array(INITIAL)
  subLengthSum = new Float64Array(INITIAL)
  maxLabel = new Float64Array(INITIAL)
  entropySum = new Float64Array(INITIAL)
  oddnessSum = new Float64Array(INITIAL)
  /** Queries by type: TXT, NULL, CNAME, MX; and NXDOMAIN answers. */
  txt = new Float64Array(INITIAL)
  nullType = new Float64Array(INITIAL)
  cname = new Float64Array(INITIAL)
  mx = new Float64Array(INITIAL)
  nxdomain = new Float64Array(INITIAL)
  /** Queries with an unseen subdomain once MAX_SUBS were kept (an over-estimate of the rest). */
  subsOverflow = new Float64Array(INITIAL)
  private firstServer = new Uint32Array(INITIAL)
  /** The order in which each pair's client first created a pair (iteration goes client by client). */
  private clientRank = new Int32Array(INITIAL)
  /** Per pair: the first subdomain and the first query name (capped), kept as references, not copies. */
  private readonly firstSub: (string | null)[] = []
  readonly example: string[] = []
  private readonly moreSubs = new Map<number, Set<string>>()
  private readonly moreServers = new Map<number, number[]>()
  private readonly ranks = new Map<number, number>()
  /** Domain names by interned id, and back. */
  readonly domainNames: string[] = []
  private readonly domainIds = new Map<string, number>()
  /** Hash slots holding pair id + 1 (0 = empty); kept at most half full so probing always ends. */
  private slots = new Int32Array(INITIAL * 2)

  /** The interned id of a domain, or -1 when no pair has it. */
  domainId(name: string): number {
    return this.domainIds.get(name) ?? -1
  }

  /** The pair of (client, domainId), or -1. */
  find(client: number, domainId: number): number {
    const mask = this.slots.length - 1
    for (let s = slotOf(client, domainId) & mask, probes = 0; probes <= mask; s = (s + 1) & mask, probes++) {
      const v = this.slots[s]
      if (v === 0) return -1
      if (this.client[v - 1] === client && this.domain[v - 1] === domainId) return v - 1
    }
    return -1
  }

  /**
   * Adds a new pair (the caller checked that it is absent and under its cap) and returns its id. `knownId` is
   * the domain's interned id when the caller has it (domainId), else -1.
   */
  add(client: number, domain: string, server: number, t: number, example: string, knownId = -1): number {
    if (this.count === this.capacity) this.grow()
    let d = knownId >= 0 ? knownId : this.domainIds.get(domain)
    if (d === undefined) {
      d = this.domainNames.length
      this.domainNames.push(domain)
      this.domainIds.set(domain, d)
    }
    let rank = this.ranks.get(client)
    if (rank === undefined) {
      rank = this.ranks.size
      this.ranks.set(client, rank)
    }
    const p = this.count++
    this.client[p] = client
    this.domain[p] = d
    this.clientRank[p] = rank
    this.first[p] = t
    this.last[p] = t
    this.firstServer[p] = server
    this.firstSub.push(null)
    this.example.push(example)
    const mask = this.slots.length - 1
    let s = slotOf(client, d) & mask
    while (this.slots[s] !== 0) s = (s + 1) & mask
    this.slots[s] = p + 1
    return p
  }

  /** Records a subdomain (Set semantics in arrival order, exact below MAX_SUBS). */
  addSub(p: number, sub: string): void {
    const firstSub = this.firstSub[p]
    if (firstSub === null) {
      this.firstSub[p] = sub
      return
    }
    if (sub === firstSub) return
    let more = this.moreSubs.get(p)
    if (more === undefined) {
      more = new Set()
      this.moreSubs.set(p, more)
    }
    // The first subdomain counts towards MAX_SUBS.
    if (more.size + 1 < MAX_SUBS) more.add(sub)
    else if (!more.has(sub)) this.subsOverflow[p]++
  }

  distinctSubs(p: number): number {
    return (this.firstSub[p] === null ? 0 : 1) + (this.moreSubs.get(p)?.size ?? 0) + this.subsOverflow[p]
  }

  addServer(p: number, server: number): void {
    if (server === this.firstServer[p]) return
    let more = this.moreServers.get(p)
    if (more === undefined) {
      more = []
      this.moreServers.set(p, more)
    }
    if (more.length + 1 < MAX_SERVERS && !more.includes(server)) more.push(server)
  }

  servers(p: number): number[] {
    const more = this.moreServers.get(p)
    return more === undefined ? [this.firstServer[p]] : [this.firstServer[p], ...more]
  }

  /** Pair ids client by client (clients in the order they first asked), each client's pairs in creation order. */
  order(): Int32Array {
    const n = this.count
    const start = new Int32Array(this.ranks.size + 1)
    for (let p = 0; p < n; p++) start[this.clientRank[p] + 1]++
    for (let r = 1; r < start.length; r++) start[r] += start[r - 1]
    const out = new Int32Array(n)
    for (let p = 0; p < n; p++) out[start[this.clientRank[p]]++] = p
    return out
  }

  private grow(): void {
    const cap = this.capacity * 2
    const f64 = (a: Float64Array): Float64Array<ArrayBuffer> => {
      const b = new Float64Array(cap)
      b.set(a)
      return b
    }
    const i32 = (a: Int32Array): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(cap)
      b.set(a)
      return b
    }
    const u32 = (a: Uint32Array): Uint32Array<ArrayBuffer> => {
      const b = new Uint32Array(cap)
      b.set(a)
      return b
    }
    this.client = u32(this.client)
    this.domain = i32(this.domain)
    this.firstServer = u32(this.firstServer)
    this.clientRank = i32(this.clientRank)
    this.first = f64(this.first)
    this.last = f64(this.last)
    this.queries = f64(this.queries)
    this.subLengthSum = f64(this.subLengthSum)
    this.maxLabel = f64(this.maxLabel)
    this.entropySum = f64(this.entropySum)
    this.oddnessSum = f64(this.oddnessSum)
    this.txt = f64(this.txt)
    this.nullType = f64(this.nullType)
    this.cname = f64(this.cname)
    this.mx = f64(this.mx)
    this.nxdomain = f64(this.nxdomain)
    this.subsOverflow = f64(this.subsOverflow)
    this.capacity = cap
    // Rehash into a table twice the pair capacity.
    const slots = new Int32Array(cap * 2)
    const mask = slots.length - 1
    for (let p = 0; p < this.count; p++) {
      let s = slotOf(this.client[p], this.domain[p]) & mask
      while (slots[s] !== 0) s = (s + 1) & mask
      slots[s] = p + 1
    }
    this.slots = slots
  }
}

function slotOf(client: number, domainId: number): number {
  const h = Math.imul(client, 0x9e3779b1) ^ Math.imul(domainId + 0x7f4a7c15, 0x85ebca6b)
  return (h ^ (h >>> 15)) >>> 0
}
