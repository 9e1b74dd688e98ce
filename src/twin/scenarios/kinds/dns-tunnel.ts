/**
 * DNS tunnelling (MITRE T1071.004, T1572): an internal host smuggles data in DNS queries: each query name
 * carries a chunk of encoded data as long random-looking labels under one domain, with TXT answers carrying
 * data back (the pattern of iodine and dnscat2). Intensity 1: 4 queries per second for 120 s.
 */
import { Conversation } from '../../craft/conversation.ts'
import { DNS_TYPE_TXT, encodeDnsName, txtData, writeDnsQuery, writeDnsResponse } from '../../craft/dns.ts'
import { ephemeralPort, scaled, schedule, type ScenarioKind } from '../scenario-run.ts'

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567'

export const dnsTunnel: ScenarioKind = {
  id: 'dns-tunnel',
  title: 'DNS tunnel',
  description: 'An inside machine hides data in the names it looks up: long scrambled names under one domain, hundreds of them, each a piece of a file.',
  intensityMeaning: 'queries per second (4 at intensity 1)',
  categories: ['dns-tunnel'],
  detectors: ['dns-tunnel'],
  lookFor: 'hundreds of long, random-looking names under one domain from one client (DNS view, query names)',
  defaultDuration: 120,
  attacker: 'busy-internal',
  target: 'dns-server',
  generate(run) {
    const times = schedule(run, scaled(run, 4 * run.durationSeconds), 2)
    const domain = 'sync.tunnel-lab.net'
    for (let i = 0; i < times.length; i++) {
      let label = ''
      for (let k = 0; k < 48; k++) label += BASE32[run.rng.int(0, 31)]
      const name = encodeDnsName(`${label.slice(0, 40)}.${label.slice(40)}${i.toString(36)}.${domain}`)
      const id = run.rng.int(0, 0xffff)
      const conv = new Conversation(run.crafter, run.attacker, run.target, ephemeralPort(run, i), 53)
      let c = conv.beginUdp(true)
      writeDnsQuery(c, id, name, DNS_TYPE_TXT)
      c.finish()
      conv.emit(run.sink, times[i])
      let reply = ''
      for (let k = 0; k < 64; k++) reply += BASE32[run.rng.int(0, 31)]
      c = conv.beginUdp(false)
      writeDnsResponse(c, id, name, DNS_TYPE_TXT, [{ type: DNS_TYPE_TXT, ttl: 0, data: txtData(reply) }])
      c.finish()
      conv.emit(run.sink, times[i] + 25_000)
    }
  },
}
