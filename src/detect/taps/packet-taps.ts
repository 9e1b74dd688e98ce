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
    if (batch.facts.length > 0) {
      this.dns.consume(batch, ctx)
      this.dnsAnswers.consume(batch, ctx)
      this.http.consume(batch, ctx)
    }
    // Most batches hold no ARP at all: a quick scan of the net column decides whether the ARP pass runs.
    const net = batch.net
    for (let i = 0; i < batch.count; i++) {
      if (net[i] === Net.ARP) {
        this.arp.consume(batch, ctx)
        return
      }
    }
  }
}
