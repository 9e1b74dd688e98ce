/**
 * DNS answers matched to their questions, for spoofed-response detection (Kaminsky's cache poisoning race;
 * RFC 5452 section 9.1 describes the forgeries: answers with guessed transaction IDs sent while a question is
 * outstanding). Per question (client, client port, server, ID) it remembers when it was asked and the first
 * answer's data; a response to a client port with a question outstanding to that server whose ID matches
 * none of them is a mismatched (guessed) ID, and a second answer to an answered question with different data
 * is a conflicting answer. Unsolicited answers with no question outstanding (reflection floods) are not
 * counted here. Bounded: at most MAX_PENDING questions and MAX_PAIRS (client, server) tallies. Questions past
 * their lifetime can match nothing, so they are swept out as capture time moves on: the table holds seconds
 * of questions, not the whole capture's.
 */
import type { DecodeContext } from '../../decode/context.ts'
import type { DnsFact } from '../../model/app-facts.ts'
import type { PacketBatch } from '../../model/packet-batch.ts'

/** Seconds a question stays outstanding (resolvers give up after a few seconds; 10 s covers retries). */
export const QUESTION_LIFETIME = 10
const MAX_PENDING = 65_536
const MAX_PAIRS = 10_000
const MAX_FORGERS = 8
const MAX_PORTS = 64

/**
 * Questions are swept once capture time has moved this far past the last sweep, and only those older than
 * twice their lifetime go: an answer delayed by reordering up to a lifetime still finds its question.
 */
const SWEEP_AFTER = QUESTION_LIFETIME
const SWEEP_AGE = 2 * QUESTION_LIFETIME

interface Question {
  /** The DNS transaction ID. */
  readonly id: number
  readonly server: number
  readonly time: number
  /** The first answer (null until answered), to tell a duplicate from a conflicting answer. */
  answer: DnsFact | null
}

export interface SpoofTally {
  readonly client: number
  /** The address the forged answers claimed to come from. */
  readonly server: number
  first: number
  last: number
  mismatched: number
  conflicting: number
  /** MAC ids the suspicious answers came from, and the client ports they were aimed at. */
  readonly macs: Set<number>
  readonly ports: Set<number>
  readonly names: Set<string>
}

function answerText(f: DnsFact): string {
  return f.answers.map((a) => `${a.type}:${a.data}`).sort().join(',')
}

export class DnsAnswerWatch {
  /**
   * (client id, client port) -> its question, or transaction ID -> question when the port has asked several:
   * nearly every port asks once, and a Map per port was one more object per question for the collector.
   */
  private readonly pending = new Map<number, Question | Map<number, Question>>()
  private pendingCount = 0
  private sweptAt = -Infinity
  readonly tallies = new Map<number, SpoofTally>()
  dropped = 0

  consume(batch: PacketBatch, _ctx: DecodeContext): void {
    const facts = batch.facts
    for (let i = 0; i < batch.count; i++) {
      const f = batch.factIndex[i]
      if (f < 0 || f >= facts.length) continue
      const fact = facts[f]
      if (fact.kind === 'dns') this.consumeRow(batch, i, fact)
    }
  }

  /** Takes the DNS message of row `i` (PacketTaps walks the rows once for all the watches). */
  consumeRow(batch: PacketBatch, i: number, fact: DnsFact): void {
    if (fact.opcode !== 0) return
    if (fact.isResponse) this.answer(fact, batch.dstAddr[i], batch.dstPort[i], batch.srcAddr[i], batch.srcMac[i], batch.time[i])
    else this.ask(fact, batch.srcAddr[i], batch.srcPort[i], batch.dstAddr[i], batch.time[i])
  }

  private ask(f: DnsFact, client: number, port: number, server: number, t: number): void {
    // Time that jumps backwards (a reordered or spliced capture) sweeps too, from the new time.
    if (Math.abs(t - this.sweptAt) >= SWEEP_AFTER) {
      this.expire(t - SWEEP_AGE)
      this.sweptAt = t
    }
    const key = client * 65536 + port
    const q: Question = { id: f.id, server, time: t, answer: null }
    const entry = this.pending.get(key)
    if (entry === undefined) {
      if (this.pendingCount >= MAX_PENDING) {
        this.dropped++
        return
      }
      this.pending.set(key, q)
      this.pendingCount++
    } else if (entry instanceof Map) {
      if (!entry.has(f.id)) this.pendingCount++
      entry.set(f.id, q)
    } else if (entry.id === f.id) {
      this.pending.set(key, q)
    } else {
      this.pending.set(key, new Map([[entry.id, entry], [f.id, q]]))
      this.pendingCount++
    }
  }

  private answer(f: DnsFact, client: number, port: number, server: number, mac: number, t: number): void {
    const entry = this.pending.get(client * 65536 + port)
    if (entry === undefined) return
    const q = entry instanceof Map ? entry.get(f.id) : entry.id === f.id ? entry : undefined
    if (q !== undefined && q.server === server && t - q.time <= QUESTION_LIFETIME) {
      // The answer's text is built only when a second answer arrives: most questions get exactly one.
      if (q.answer === null) q.answer = f
      else if (q.answer !== f && answerText(q.answer) !== answerText(f)) this.count(client, server, port, mac, t, f, 'conflicting')
      return
    }
    // Any question from this port to this server still waiting? Then this ID was guessed.
    for (const other of entry instanceof Map ? entry.values() : [entry]) {
      if (other.server === server && other.answer === null && t - other.time <= QUESTION_LIFETIME && t >= other.time) {
        this.count(client, server, port, mac, t, f, 'mismatched')
        return
      }
    }
  }

  private count(client: number, server: number, port: number, mac: number, t: number, f: DnsFact, what: 'mismatched' | 'conflicting'): void {
    const key = client * 4294967296 + server
    let s = this.tallies.get(key)
    if (s === undefined) {
      if (this.tallies.size >= MAX_PAIRS) return
      s = { client, server, first: t, last: t, mismatched: 0, conflicting: 0, macs: new Set(), ports: new Set(), names: new Set() }
      this.tallies.set(key, s)
    }
    s[what]++
    if (t < s.first) s.first = t
    if (t > s.last) s.last = t
    if (mac !== 0 && s.macs.size < MAX_FORGERS) s.macs.add(mac)
    if (s.ports.size < MAX_PORTS) s.ports.add(port)
    if (f.qname !== null && s.names.size < 5) s.names.add(f.qname.slice(0, 255))
  }

  /** Questions currently remembered (outstanding or answered, not yet swept). */
  get pendingQuestions(): number {
    return this.pendingCount
  }

  /** Drops questions asked before `before` (swept as capture time advances). */
  private expire(before: number): void {
    for (const [key, byId] of this.pending) {
      if (!(byId instanceof Map)) {
        if (byId.time < before) {
          this.pending.delete(key)
          this.pendingCount--
        }
        continue
      }
      for (const [id, q] of byId) {
        if (q.time < before) {
          byId.delete(id)
          this.pendingCount--
        }
      }
      if (byId.size === 0) this.pending.delete(key)
    }
  }
}
