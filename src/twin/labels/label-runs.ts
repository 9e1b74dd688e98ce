/**
 * Ground truth per packet, run-length encoded: packet k of the merged traffic (in file order) carries label
 * 0 (ordinary traffic) or s (scenario s of the set, 1-based). Attack packets come in bursts between long
 * stretches of ordinary ones, so runs of (count, label) stay small where a Uint16 per packet would cost two
 * bytes for every packet of a large capture.
 */

export class LabelRuns {
  /** Packets appended so far. */
  packets = 0
  runs = 0
  private counts = new Uint32Array(256)
  private labels = new Uint16Array(256)
  /** Time (seconds) of each run's first and last packet. */
  private firstTime = new Float64Array(256)
  private lastTime = new Float64Array(256)

  append(label: number, time: number): void {
    this.packets++
    const r = this.runs
    if (r > 0 && this.labels[r - 1] === label && this.counts[r - 1] < 0xffffffff) {
      this.counts[r - 1]++
      this.lastTime[r - 1] = time
      return
    }
    if (r === this.counts.length) this.grow()
    this.counts[r] = 1
    this.labels[r] = label
    this.firstTime[r] = time
    this.lastTime[r] = time
    this.runs = r + 1
  }

  private grow(): void {
    const n = this.counts.length * 2
    const counts = new Uint32Array(n)
    counts.set(this.counts)
    const labels = new Uint16Array(n)
    labels.set(this.labels)
    const first = new Float64Array(n)
    first.set(this.firstTime)
    const last = new Float64Array(n)
    last.set(this.lastTime)
    this.counts = counts
    this.labels = labels
    this.firstTime = first
    this.lastTime = last
  }

  /** Calls fn(firstPacket, count, label, firstTime, lastTime) per run, packets numbered from 0. */
  forEachRun(fn: (first: number, count: number, label: number, firstTime: number, lastTime: number) => void): void {
    let at = 0
    for (let r = 0; r < this.runs; r++) {
      fn(at, this.counts[r], this.labels[r], this.firstTime[r], this.lastTime[r])
      at += this.counts[r]
    }
  }

  /** A cursor that reads labels in packet order, one call per packet, without expanding the runs. */
  reader(): () => number {
    let run = 0
    let left = this.runs > 0 ? this.counts[0] : 0
    return () => {
      while (left === 0) {
        run++
        if (run >= this.runs) return 0
        left = this.counts[run]
      }
      left--
      return this.labels[run]
    }
  }

  /** Packets per label (index = label). */
  totals(maxLabel: number): Float64Array {
    const out = new Float64Array(maxLabel + 1)
    for (let r = 0; r < this.runs; r++) if (this.labels[r] <= maxLabel) out[this.labels[r]] += this.counts[r]
    return out
  }
}
