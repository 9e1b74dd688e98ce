/** The first and last time seen in a table (start times, and start + duration for flows). */
export class TimeRange {
  first = Infinity
  last = -Infinity

  add(start: number, end: number): void {
    if (start < this.first) this.first = start
    if (end > this.last) this.last = end
  }

  get empty(): boolean {
    return this.first > this.last
  }
}
