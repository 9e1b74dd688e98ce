/**
 * Spoofed DNS answers (cache poisoning by racing, Kaminsky 2008; RFC 5452 section 9.1): while a client waits
 * for its resolver's answer, forged answers claiming the resolver's address arrive with guessed transaction
 * IDs, or a second answer to the same question carries different records. From the packet taps' matching of
 * answers to questions (taps/dns-answer-watch.ts); answers with no question outstanding (reflection floods)
 * are the DDoS detector's business. Names the client as the victim and the MACs the forged answers came
 * from, with the address they claimed, as the source. The alert categories are a closed set with no DNS
 * spoofing entry, so these alerts are payload indicators: the evidence is what the answers carry.
 */
import { FlowKind, IPPROTO_UDP } from '../flows/flow-key.ts'
import { MITRE, severityFrom, type Alert } from './alert.ts'
import type { DetectContext } from './context.ts'
import type { Detector } from './detector.ts'

export type DnsSpoofParams = {
  minMismatched: number
  minConflicting: number
}

export const dnsSpoof: Detector<DnsSpoofParams> = {
  id: 'dns-spoof',
  name: 'Spoofed DNS answers',
  method: 'Answers matched to outstanding questions per client port: guessed transaction IDs and conflicting second answers (RFC 5452 section 9.1)',
  categories: ['payload-indicator'],
  modes: 'both',
  optIn: false,
  params: {
    minMismatched: { default: 5, min: 1, max: 1e6, integer: true, label: 'Guessed IDs', help: 'Answers with a wrong transaction ID while a question to that server was outstanding (a lost packet or a slow retry explains one or two).' },
    minConflicting: { default: 1, min: 1, max: 1e6, integer: true, label: 'Conflicting answers', help: 'Second answers to an answered question that carry different records.' },
  },
  run(ctx, p) {
    const watch = ctx.taps?.dnsAnswers
    if (watch === undefined) return []
    const out: Alert[] = []
    for (const s of watch.tallies.values()) {
      if (s.mismatched < p.minMismatched && s.conflicting < p.minConflicting) continue
      const evidence = dnsFlows(ctx, s.client, s.server, s.ports, s.first, s.last)
      const total = s.mismatched + s.conflicting
      const names = [...s.names].slice(0, 3).join(', ')
      out.push(ctx.alert({
        detector: 'dns-spoof', category: 'payload-indicator', severity: severityFrom(0.6 + 0.3 * Math.min(1, Math.log10(total) / 2)),
        confidence: s.conflicting > 0 ? 0.9 : Math.min(0.95, 0.6 + 0.05 * s.mismatched),
        start: s.first, end: s.last, src: [...s.macs, s.server], dst: [s.client], ports: [53],
        metric: 'forged DNS answers', unit: 'answers', observed: total, baseline: p.minMismatched, baselineSource: 'default',
        evidence,
        explanation: `${ctx.addr(s.client)} received ${s.mismatched} DNS answer(s) with guessed transaction IDs and ${s.conflicting} conflicting answer(s) claiming to come from ${ctx.addr(s.server)}${s.macs.size > 0 ? ` (sent from ${[...s.macs].map((m) => ctx.addr(m)).join(', ')})` : ''} while its questions${names ? ` for ${names}` : ''} were outstanding: an attempt to poison its DNS answers.`,
        mitre: MITRE.adversaryInTheMiddle,
      }))
    }
    return out
  },
}

/** The UDP/53 flows between the client's targeted ports and the server within the time span. */
function dnsFlows(ctx: DetectContext, client: number, server: number, ports: Set<number>, first: number, last: number): number[] {
  const c = ctx.c
  const out: number[] = []
  for (let id = 0; id < ctx.count && out.length < 200; id++) {
    if (c.kind[id] !== FlowKind.IP || c.proto[id] !== IPPROTO_UDP || c.last[id] < first || c.first[id] > last) continue
    const forward = c.origAddr[id] === client && c.respAddr[id] === server && ports.has(c.origPort[id]) && c.respPort[id] === 53
    const reverse = c.respAddr[id] === client && c.origAddr[id] === server && ports.has(c.respPort[id]) && c.origPort[id] === 53
    if (forward || reverse) out.push(id)
  }
  return out
}
