/**
 * DNS facts (model/app-facts.ts DnsFact, RFC 1035 section 4.1 header and question fields) kept by the flow
 * fact store in typed-array columns instead of as objects: a kept DnsFact with its answer list and answer
 * objects costs about 170 bytes of heap plus its strings (20 MB at the 1 GB benchmark's 122,000 DNS facts),
 * packed about 40 bytes, and every distinct name or answer text is held once. fact(row) builds an equal object
 * again, with its fields in the decoder's order, so JSON and every comparison see the same values.
 *
 * Only a fact whose every value fits its column exactly is packed (pack returns -1 otherwise, and the store
 * keeps that object as it is): the exact fields in the exact order, 16-bit header fields, 32-bit TTLs.
 */
import type { DnsAnswer, DnsFact } from '../model/app-facts.ts'
import { grown } from './typed-grow.ts'

const FACT_KEYS = ['kind', 'id', 'isResponse', 'opcode', 'rcode', 'qname', 'qtype', 'qclass', 'questions', 'answers', 'counts'] as const
const ANSWER_KEYS = ['name', 'type', 'ttl', 'data'] as const
/** Distinct texts looked up before new ones are stored without sharing (a 65,536-entry map is about 3 MB). */
const MAX_SHARED_TEXTS = 1 << 16
const NO_ANSWERS: readonly DnsAnswer[] = Object.freeze([])
const IS_RESPONSE = 0x100

/** A DnsFactPack as plain data (structured-clone safe). */
export interface ExportedDnsPack {
  readonly count: number
  readonly answers: number
  readonly columns: Readonly<Record<string, Uint16Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Int32Array<ArrayBuffer>>>
  readonly texts: readonly string[]
}

const isU16 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffff
const isU32 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 0xffffffff

function hasKeys(o: object, keys: readonly string[]): boolean {
  const own = Object.keys(o)
  if (own.length !== keys.length) return false
  for (let i = 0; i < keys.length; i++) if (own[i] !== keys[i]) return false
  return true
}

/** Whether every value of `f` fits its column, with exactly the decoder's fields in its order. */
function packable(f: DnsFact): boolean {
  if (!hasKeys(f, FACT_KEYS) || typeof f.isResponse !== 'boolean') return false
  if (!isU16(f.id) || !isU16(f.qtype) || !isU16(f.qclass) || !isU16(f.questions)) return false
  if (!(isU16(f.opcode) && f.opcode < 16 && isU16(f.rcode) && f.rcode < 16)) return false
  if (f.qname !== null && typeof f.qname !== 'string') return false
  if (!Array.isArray(f.counts) || f.counts.length !== 4 || !f.counts.every(isU16)) return false
  if (!Array.isArray(f.answers) || f.answers.length > 0xffff) return false
  for (const a of f.answers) {
    if (!hasKeys(a, ANSWER_KEYS) || typeof a.name !== 'string' || typeof a.data !== 'string' || !isU16(a.type) || !isU32(a.ttl)) return false
  }
  return true
}

export class DnsFactPack {
  private count = 0
  private answers = 0
  // Per fact.
  private id = new Uint16Array(256)
  /** isResponse << 8 | opcode << 4 | rcode. */
  private flags = new Uint16Array(256)
  private qtype = new Uint16Array(256)
  private qclass = new Uint16Array(256)
  private questions = new Uint16Array(256)
  private counts = new Uint16Array(4 * 256)
  /** Index + 1 into texts (0: null). */
  private qname = new Int32Array(256)
  private answerStart = new Uint32Array(256)
  private answerCount = new Uint16Array(256)
  // Per answer.
  private answerName = new Int32Array(256)
  private answerType = new Uint16Array(256)
  private answerTtl = new Uint32Array(256)
  private answerData = new Int32Array(256)
  private readonly texts: string[] = []
  private readonly textIndex = new Map<string, number>()

  /** DNS facts packed. */
  get size(): number {
    return this.count
  }

  /** Packs `f` and returns its row, or -1 when a value does not fit (the caller keeps the object). */
  pack(f: DnsFact): number {
    if (!packable(f)) return -1
    const row = this.count
    if (row >= this.id.length) this.growFacts(row + 1)
    const n = f.answers.length
    if (this.answers + n > this.answerName.length) this.growAnswers(this.answers + n)
    this.id[row] = f.id
    this.flags[row] = (f.isResponse ? IS_RESPONSE : 0) | (f.opcode << 4) | f.rcode
    this.qtype[row] = f.qtype
    this.qclass[row] = f.qclass
    this.questions[row] = f.questions
    for (let c = 0; c < 4; c++) this.counts[row * 4 + c] = f.counts[c]
    this.qname[row] = f.qname === null ? 0 : this.text(f.qname) + 1
    this.answerStart[row] = this.answers
    this.answerCount[row] = n
    for (const a of f.answers) {
      const i = this.answers++
      this.answerName[i] = this.text(a.name)
      this.answerType[i] = a.type
      this.answerTtl[i] = a.ttl
      this.answerData[i] = this.text(a.data)
    }
    this.count++
    return row
  }

  isResponse(row: number): boolean {
    return (this.flags[row] & IS_RESPONSE) !== 0
  }

  /** The query name of the fact packed in `row`: fact(row).qname without building the fact. */
  qnameOf(row: number): string | null {
    const q = this.qname[row]
    return q === 0 ? null : this.texts[q - 1]
  }

  /** The fact packed in `row`, as a new object equal to the one packed. */
  fact(row: number): DnsFact {
    const flags = this.flags[row]
    const q = this.qname[row]
    const start = this.answerStart[row]
    const n = this.answerCount[row]
    let answers = NO_ANSWERS
    if (n > 0) {
      const list: DnsAnswer[] = []
      for (let i = start; i < start + n; i++) {
        list.push({ name: this.texts[this.answerName[i]], type: this.answerType[i], ttl: this.answerTtl[i], data: this.texts[this.answerData[i]] })
      }
      answers = list
    }
    const c = row * 4
    return {
      kind: 'dns',
      id: this.id[row],
      isResponse: (flags & IS_RESPONSE) !== 0,
      opcode: (flags >>> 4) & 0xf,
      rcode: flags & 0xf,
      qname: q === 0 ? null : this.texts[q - 1],
      qtype: this.qtype[row],
      qclass: this.qclass[row],
      questions: this.questions[row],
      answers,
      counts: [this.counts[c], this.counts[c + 1], this.counts[c + 2], this.counts[c + 3]],
    }
  }

  /** The pack as plain data for another thread; its arrays are meant to be transferred. */
  exportPack(): ExportedDnsPack {
    const columns = {
      id: this.id, flags: this.flags, qtype: this.qtype, qclass: this.qclass, questions: this.questions, counts: this.counts, qname: this.qname,
      answerStart: this.answerStart, answerCount: this.answerCount, answerName: this.answerName, answerType: this.answerType,
      answerTtl: this.answerTtl, answerData: this.answerData,
    }
    return { count: this.count, answers: this.answers, columns, texts: this.texts }
  }

  /** Takes over a pack exported by another (exportPack); throws, changing nothing, when a column does not fit. */
  adoptPack(e: ExportedDnsPack): void {
    const own = this.exportPack().columns
    for (const [name, mine] of Object.entries(own)) {
      const theirs = e.columns[name]
      const perFact = name === 'counts' ? 4 * e.count : name.startsWith('answer') && name !== 'answerStart' && name !== 'answerCount' ? e.answers : e.count
      if (!theirs || theirs.constructor !== mine.constructor || theirs.length < perFact) throw new Error(`dns facts: column ${name} does not fit`)
    }
    if (!Array.isArray(e.texts) || !e.texts.every((t) => typeof t === 'string')) throw new Error('dns facts: texts are not strings')
    const self = this as unknown as Record<string, unknown>
    for (const name of Object.keys(own)) self[name] = e.columns[name]
    this.count = e.count
    this.answers = e.answers
    this.texts.length = 0
    this.textIndex.clear()
    for (const t of e.texts) this.texts.push(t)
  }

  /** Index of `t` in texts (one entry per distinct text while the sharing map has room). */
  private text(t: string): number {
    const known = this.textIndex.get(t)
    if (known !== undefined) return known
    const i = this.texts.length
    this.texts.push(t)
    if (this.textIndex.size < MAX_SHARED_TEXTS) this.textIndex.set(t, i)
    return i
  }

  private growFacts(n: number): void {
    const cap = Math.max(n, Math.floor(this.id.length * 1.5))
    this.id = grown(this.id, cap)
    this.flags = grown(this.flags, cap)
    this.qtype = grown(this.qtype, cap)
    this.qclass = grown(this.qclass, cap)
    this.questions = grown(this.questions, cap)
    this.counts = grown(this.counts, cap * 4)
    this.qname = grown(this.qname, cap)
    this.answerStart = grown(this.answerStart, cap)
    this.answerCount = grown(this.answerCount, cap)
  }

  private growAnswers(n: number): void {
    const cap = Math.max(n, Math.floor(this.answerName.length * 1.5))
    this.answerName = grown(this.answerName, cap)
    this.answerType = grown(this.answerType, cap)
    this.answerTtl = grown(this.answerTtl, cap)
    this.answerData = grown(this.answerData, cap)
  }
}
