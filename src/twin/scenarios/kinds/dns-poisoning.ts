/**
 * DNS cache poisoning by racing (Kaminsky 2008; RFC 5452 explains the defence): when the victim asks its
 * resolver a question, the attacker floods it with forged answers that carry the resolver's address and
 * guessed transaction IDs, hoping one matches before the real answer arrives. The victim's query and the
 * real answer are ordinary traffic (context frames, label 0); the forged answers are the attack, sent from
 * the attacker's MAC. Intensity 1: a question every 5 s for 60 s, each raced by 10 forged answers.
 */
import { Conversation, type Endpoint } from '../../craft/conversation.ts'
import { DNS_TYPE_A, encodeDnsName, writeDnsQuery, writeDnsResponse } from '../../craft/dns.ts'
import { ephemeralPort, schedule, type ScenarioKind } from '../scenario-run.ts'

const NAMES = ['www.bank-portal.net', 'login.mail-service.net', 'update.os-vendor.net', 'pay.shop-online.net']

export const dnsPoisoning: ScenarioKind = {
  id: 'dns-poisoning',
  title: 'DNS cache poisoning',
  description: 'When a computer asks for a web site\'s address, an attacker answers first with many fake replies, hoping one is believed and the victim is sent to the attacker\'s server.',
  intensityMeaning: 'forged answers per question (10 at intensity 1)',
  categories: ['payload-indicator'],
  detectors: ['dns-spoof'],
  lookFor: 'several answers to one DNS question, with different transaction IDs or different addresses (DNS view)',
  defaultDuration: 60,
  attacker: 'new-internal',
  target: 'busy-internal',
  generate(run) {
    const victim = run.target
    const resolverText = run.survey.dnsServers.find((s) => s !== victim.text && s !== run.attacker.text)
    const resolver = resolverText !== undefined ? run.hosts.byAddress(resolverText) : run.hosts.newInternal()
    // Forged answers carry the resolver's address but come from the attacker's network card.
    const forger: Endpoint = { mac: run.attacker.mac, ip: resolver.ip }
    const forged = Math.max(1, Math.min(1000, Math.round(10 * run.intensity)))
    const times = schedule(run, Math.max(1, Math.round(run.durationSeconds / 5)), forged + 2)
    for (let i = 0; i < times.length; i++) {
      const name = encodeDnsName(NAMES[i % NAMES.length])
      const port = ephemeralPort(run, i)
      const id = run.rng.int(0, 0xffff)
      const real = new Conversation(run.crafter, victim, resolver, port, 53)
      let c = real.beginUdp(true)
      writeDnsQuery(c, id, name, DNS_TYPE_A)
      c.finish()
      real.emit(run.context, times[i])
      const fake = new Conversation(run.crafter, victim, forger, port, 53)
      for (let k = 0; k < forged; k++) {
        c = fake.beginUdp(false)
        let guess = run.rng.int(0, 0xffff)
        if (guess === id) guess = (guess + 1) & 0xffff
        writeDnsResponse(c, guess, name, DNS_TYPE_A, [{ type: DNS_TYPE_A, ttl: 86400, data: run.attacker.ip }])
        c.finish()
        fake.emit(run.sink, times[i] + 800 + k * 60)
      }
      c = real.beginUdp(false)
      writeDnsResponse(c, id, name, DNS_TYPE_A, [{ type: DNS_TYPE_A, ttl: 300, data: Uint8Array.of(93, 184, 216, 34) }])
      c.finish()
      real.emit(run.context, times[i] + 20_000)
    }
  },
}
