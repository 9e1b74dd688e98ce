/**
 * Named anomaly codes in the style of Suricata decode events and Zeek weirds
 * (https://docs.suricata.io/en/latest/rules/decode-layer.html). A malformed packet is decoded as far as it is
 * sound and its problem is counted here; nothing in the engine throws for bad data.
 */
export class AnomalyCounter {
  private readonly counts = new Map<string, number>()

  add(code: string, n = 1): void {
    this.counts.set(code, (this.counts.get(code) ?? 0) + n)
  }

  get(code: string): number {
    return this.counts.get(code) ?? 0
  }

  get total(): number {
    let t = 0
    for (const v of this.counts.values()) t += v
    return t
  }

  /** Plain object, codes sorted, for JSON output and transfer across the worker boundary. */
  toRecord(): Record<string, number> {
    const out: Record<string, number> = Object.create(null)
    for (const k of [...this.counts.keys()].sort()) out[k] = this.counts.get(k)!
    return { ...out }
  }

  merge(other: AnomalyCounter): void {
    for (const [k, v] of other.counts) this.add(k, v)
  }
}
