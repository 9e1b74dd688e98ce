/**
 * Lookups over a baseline for the detectors: hosts, services and edges by text key, peer sets, and whether
 * the baseline came from the input being analysed (then comparisons start after its period, since everything
 * inside the period is "normal" by definition).
 */
import type { Baseline, HostBaseline, ServiceBaseline } from './types.ts'

export class BaselineIndex {
  readonly hosts = new Map<string, HostBaseline>()
  readonly services = new Map<string, ServiceBaseline>()
  readonly edges: ReadonlySet<string>
  readonly peers = new Map<string, ReadonlySet<string>>()
  readonly served = new Map<string, ReadonlySet<string>>()
  readonly ja3: ReadonlySet<string>
  readonly ja4: ReadonlySet<string>
  /** Hosts, services or edges lists were capped: "not in the baseline" is then weaker evidence. */
  readonly incomplete: boolean

  constructor(readonly baseline: Baseline) {
    for (const h of baseline.hosts) {
      this.hosts.set(h.addr, h)
      this.peers.set(h.addr, new Set(h.peers))
      this.served.set(h.addr, new Set(h.served))
    }
    for (const s of baseline.services) this.services.set(s.key, s)
    this.edges = new Set(baseline.edges)
    this.ja3 = new Set(baseline.global.tls.ja3)
    this.ja4 = new Set(baseline.global.tls.ja4)
    this.incomplete = baseline.truncated.hosts || baseline.truncated.edges || baseline.truncated.services
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
