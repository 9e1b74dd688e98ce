/**
 * Cleartext HTTP requests that match an indicator rule (payload-rules.ts), from every request fact of every
 * batch: the flow table keeps only a connection's first request, and an attack tool sends many over one
 * keep-alive connection. Requests are rare next to packets, so matching each is cheap; only matches are kept,
 * at most MAX_HITS.
 */
import type { DecodeContext } from '../../decode/context.ts'
import type { HttpRequestFact } from '../../model/app-facts.ts'
import type { PacketBatch } from '../../model/packet-batch.ts'
import { matchRequest } from './payload-rules.ts'

const MAX_HITS = 2000

export interface PayloadHit {
  readonly time: number
  readonly src: number
  readonly dst: number
  readonly srcPort: number
  readonly dstPort: number
  readonly method: string
  /** The request target as decoded (display-escaped by the HTTP decoder), capped. */
  readonly uri: string
  readonly host: string | null
  readonly rules: readonly string[]
  /** The strongest matching rule's weight. */
  readonly weight: number
}

export class HttpWatch {
  readonly hits: PayloadHit[] = []
  requests = 0
  dropped = 0

  consume(batch: PacketBatch, _ctx: DecodeContext): void {
    const facts = batch.facts
    if (facts.length === 0) return
    for (let i = 0; i < batch.count; i++) {
      const f = batch.factIndex[i]
      if (f < 0 || f >= facts.length) continue
      const fact = facts[f]
      if (fact.kind === 'http-request') this.consumeRow(batch, i, fact)
    }
  }

  /** Matches the HTTP request of row `i` (PacketTaps walks the rows once for all the watches). */
  consumeRow(batch: PacketBatch, i: number, fact: HttpRequestFact): void {
    this.requests++
    const rules = matchRequest(fact.uri, fact.userAgent)
    if (rules.length === 0) return
    if (this.hits.length >= MAX_HITS) {
      this.dropped++
      return
    }
    this.hits.push({
      time: batch.time[i],
      src: batch.srcAddr[i],
      dst: batch.dstAddr[i],
      srcPort: batch.srcPort[i],
      dstPort: batch.dstPort[i],
      method: fact.method.slice(0, 16),
      uri: fact.uri.slice(0, 512),
      host: fact.host === null ? null : fact.host.slice(0, 255),
      rules: rules.map((r) => r.id),
      weight: Math.max(...rules.map((r) => r.weight)),
    })
  }
}
