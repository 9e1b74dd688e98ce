/**
 * Address ids to text and to the words a filter compares (src/analysis/filter/addresses.ts), for any address
 * source: the live AddressTable or the text list of a stored session. Text and words are computed once per
 * id, on first use, so filtering a million flows parses each distinct address once, not once per flow.
 */
import { parseAddressInto } from '../filter/addresses.ts'

export interface AddressSource {
  /** Ids are 1..size-1 (0 means "no address"). */
  readonly size: number
  kind(id: number): number
  format(id: number): string
}

export class AddressBook {
  private texts: (string | undefined)[] = []
  private words = new Uint32Array(0)
  /** 0 = not parsed yet, else AddrKind + 1 (so "parsed, no address" is 1). */
  private parsed = new Uint8Array(0)

  constructor(private source: AddressSource) {}

  /** Points the book at a newer state of the same source (ids keep their meaning; new ids were appended). */
  refresh(source: AddressSource): void {
    this.source = source
  }

  get size(): number {
    return this.source.size
  }

  /** The address as text ('' for id 0 or an unknown id). */
  text(id: number): string {
    if (id <= 0 || id >= this.source.size) return ''
    const cached = this.texts[id]
    if (cached !== undefined) return cached
    const t = this.source.format(id)
    this.texts[id] = t
    return t
  }

  kind(id: number): number {
    return id <= 0 || id >= this.source.size ? 0 : this.source.kind(id)
  }

  /** Writes the address words into out[0..3] and returns its AddrKind (0 for none). Does not allocate after the first call per id. */
  wordsInto(id: number, out: Uint32Array): number {
    if (id <= 0 || id >= this.source.size) return 0
    if (id >= this.parsed.length) this.grow(id)
    const o = id * 4
    if (this.parsed[id] === 0) {
      const kind = parseAddressInto(this.text(id), out)
      this.words[o] = out[0]
      this.words[o + 1] = out[1]
      this.words[o + 2] = out[2]
      this.words[o + 3] = out[3]
      this.parsed[id] = kind + 1
      return kind
    }
    out[0] = this.words[o]
    out[1] = this.words[o + 1]
    out[2] = this.words[o + 2]
    out[3] = this.words[o + 3]
    return this.parsed[id] - 1
  }

  /** An IPv4 address as a uint32 (for sorting and subnets), or -1 for other kinds. */
  ipv4(id: number, scratch: Uint32Array): number {
    return this.wordsInto(id, scratch) === 4 ? scratch[0] : -1
  }

  private grow(id: number): void {
    const n = Math.max(id + 1, this.source.size, this.parsed.length * 2)
    const parsed = new Uint8Array(n)
    parsed.set(this.parsed)
    const words = new Uint32Array(n * 4)
    words.set(this.words)
    this.parsed = parsed
    this.words = words
  }
}
