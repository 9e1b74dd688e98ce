/**
 * Lookups over a baseline for the detectors: hosts, services and edges by text key, peer sets, and whether
 * the baseline came from the input being analysed (then comparisons start after its period, since everything
 * inside the period is "normal" by definition).
 */
import type { Baseline, HostBaseline, ServiceBaseline } from './types.ts'

/** A host's list (peers, services served) as a set, built on its first lookup: most hosts are never asked about. */
export class HostSets {
  private readonly sets = new Map<string, ReadonlySet<string>>()

  constructor(
    private readonly hosts: ReadonlyMap<string, HostBaseline>,
    private readonly list: (h: HostBaseline) => readonly string[],
  ) {}

  get(addr: string): ReadonlySet<string> | undefined {
    let set = this.sets.get(addr)
    if (set === undefined) {
      const h = this.hosts.get(addr)
      if (h === undefined) return undefined
      set = new Set(this.list(h))
      this.sets.set(addr, set)
    }
    return set
  }
}

export class BaselineIndex {
  readonly hosts = new Map<string, HostBaseline>()
  readonly services = new Map<string, ServiceBaseline>()
  readonly peers: HostSets
  readonly served: HostSets
  readonly ja3: ReadonlySet<string>
  readonly ja4: ReadonlySet<string>
  /** Hosts, services or edges lists were capped: "not in the baseline" is then weaker evidence. */
  readonly incomplete: boolean
  private edgeSet: ReadonlySet<string> | null = null

  constructor(readonly baseline: Baseline) {
    // A later entry for the same address wins, in all three lookups alike.
    for (const h of baseline.hosts) this.hosts.set(h.addr, h)
    this.peers = new HostSets(this.hosts, (h) => h.peers)
    this.served = new HostSets(this.hosts, (h) => h.served)
    for (const s of baseline.services) this.services.set(s.key, s)
    this.ja3 = new Set(baseline.global.tls.ja3)
    this.ja4 = new Set(baseline.global.tls.ja4)
    this.incomplete = baseline.truncated.hosts || baseline.truncated.edges || baseline.truncated.services
  }

  /** Directed edges "client>server" of the baseline, as a set made on first use (tens of thousands of texts). */
  get edges(): ReadonlySet<string> {
    this.edgeSet ??= new Set(this.baseline.edges)
    return this.edgeSet
  }

  /** True when the baseline was learned from an input with the same time span as [start, end]. */
  sameInput(start: number, end: number): boolean {
    const s = this.baseline.source
    return Math.abs(s.inputStart - start) < 1e-3 && end >= s.end
  }

  /**
   * Time from which traffic is compared with the baseline: the end of its period when it was learned from this
   * input, else the input's start (a baseline from another file applies to all of it).
   */
  compareFrom(start: number, end: number): number {
    return this.sameInput(start, end) ? this.baseline.source.end : -Infinity
  }

  isKnownPeer(a: string, b: string): boolean {
    return this.peers.get(a)?.has(b) === true || this.peers.get(b)?.has(a) === true
  }
}
