/**
 * Packet-level observations some detectors need beyond the flow table (ARP bindings, every DNS question, every
 * HTTP request line), gathered while the file streams. Wiring: create one per analysis and pass
 * `onBatch: (batch, ctx) => taps.consume(batch, ctx)` to analyzeCapture. Per batch it only reads the rows of
 * ARP packets and of the rare packets that carry application facts; no object per packet.
 */
import type { DecodeContext } from '../../decode/context.ts'
import { Net, type PacketBatch } from '../../model/packet-batch.ts'
import { ArpWatch } from './arp-watch.ts'
import { DnsAnswerWatch } from './dns-answer-watch.ts'
import { DnsWatch } from './dns-watch.ts'
import { HttpWatch } from './http-watch.ts'

export class PacketTaps {
  readonly arp = new ArpWatch()
  readonly dns = new DnsWatch()
  /** DNS answers matched to their questions (spoofed answers). */
  readonly dnsAnswers = new DnsAnswerWatch()
  readonly http = new HttpWatch()
  batches = 0

  consume(batch: PacketBatch, ctx: DecodeContext): void {
    this.batches++
    const n = batch.count
    const net = batch.net
    const facts = batch.facts
    let arp = false
    if (facts.length === 0) {
      // Most batches hold no ARP at all: a quick scan of the net column decides whether the ARP pass runs.
      for (let i = 0; i < n && !arp; i++) arp = net[i] === Net.ARP
    } else {
      // One walk over the rows for every watch: each sees its own rows in row order, as its consume() would.
      const factIndex = batch.factIndex
      for (let i = 0; i < n; i++) {
        if (net[i] === Net.ARP) arp = true
        const f = factIndex[i]
        if (f < 0 || f >= facts.length) continue
        const fact = facts[f]
        if (fact.kind === 'dns') {
          this.dns.consumeRow(batch, i, fact)
          this.dnsAnswers.consumeRow(batch, i, fact)
        } else if (fact.kind === 'http-request') this.http.consumeRow(batch, i, fact)
      }
    }
    if (arp) this.arp.consume(batch, ctx)
  }
}
