/**
 * Reflection/amplification (MITRE T1498.002, US-CERT TA14-017A): an attacker sends small DNS queries to open
 * resolvers with the victim's address as the source; the resolvers send large answers to the victim, which
 * never asked. Only the answers cross the victim's network, so only they are generated: valid DNS responses
 * (question plus a long TXT answer, about 1,200 bytes) from many resolvers. Intensity 1: 20 resolvers,
 * 300 answers per second for 30 s.
 */
import { Conversation } from '../../craft/conversation.ts'
import { DNS_TYPE_TXT, encodeDnsName, txtData, writeDnsResponse } from '../../craft/dns.ts'
import type { Host } from '../hosts.ts'
import { scaled, schedule, type ScenarioKind } from '../scenario-run.ts'

export const reflection: ScenarioKind = {
  id: 'reflection',
  title: 'Reflection / amplification',
  description: 'An attacker asks many DNS servers a short question in the victim\'s name; their long answers all land on the victim, who never asked.',
  intensityMeaning: 'answers per second reaching the victim (300 from 20 resolvers at intensity 1)',
  categories: ['ddos', 'udp-flood'],
  detectors: ['ddos'],
  lookFor: 'large DNS answers from many servers to one host that sent no questions (Conversations: bytes one way only)',
  defaultDuration: 30,
  attacker: 'new-external',
  target: 'busy-internal',
  generate(run) {
    const resolvers: Host[] = []
    const count = Math.min(2000, scaled(run, 20, 2))
    while (resolvers.length < count) resolvers.push(run.hosts.randomExternal(run.rng))
    const name = encodeDnsName('amp.reflect-test.net')
    const answer = [{ type: DNS_TYPE_TXT, ttl: 300, data: txtData('v=amp1 '.padEnd(1180, 'x')) }]
    const times = schedule(run, scaled(run, 300 * run.durationSeconds))
    // An ephemeral port: a well-known one would make the flow table take the victim for the server.
    const victimPort = run.rng.int(49152, 65535)
    for (let i = 0; i < times.length; i++) {
      const conv = new Conversation(run.crafter, run.target, resolvers[i % resolvers.length], victimPort, 53)
      const c = conv.beginUdp(false)
      writeDnsResponse(c, run.rng.int(0, 0xffff), name, 255, answer)
      c.finish()
      conv.emit(run.sink, times[i])
    }
  },
}
