/**
 * Single-source floods (MITRE T1498.001 / T1499.002) against one target: SYN flood (half-open connections:
 * the target answers SYN-ACK and the attacker never completes), UDP flood (datagrams to random high ports) and
 * ICMP flood (echo requests, ping -f style). Intensity 1 sends 300 SYN/s, 1,500 UDP datagrams/s or 300 echo
 * requests/s for 30 s: three times the flood detector's default thresholds.
 */
import { conversation, halfOpen } from '../emit.ts'
import { Conversation } from '../../craft/conversation.ts'
import { ephemeralPort, scaled, schedule, type ScenarioKind } from '../scenario-run.ts'

const ZEROS = new Uint8Array(512)

export const synFlood: ScenarioKind = {
  id: 'syn-flood',
  title: 'SYN flood',
  description: 'One machine opens connections to a server far faster than any client would and never finishes them, to fill its table of half-open connections.',
  intensityMeaning: 'SYN packets per second (300 at intensity 1)',
  categories: ['syn-flood', 'ddos'],
  detectors: ['flood'],
  lookFor: 'a wall of SYNs to one port of one host with no completed handshakes (I/O graph, TCP states S0/S1)',
  defaultDuration: 30,
  attacker: 'new-external',
  target: 'internal-server',
  servicePort: 80,
  generate(run) {
    const port = run.target.services.find((p) => p === 80 || p === 443) ?? 80
    const times = schedule(run, scaled(run, 300 * run.durationSeconds), 2)
    for (let i = 0; i < times.length; i++) {
      const conv = conversation(run, run.attacker, run.target, run.rng.int(1024, 65535), port)
      halfOpen(conv, run.sink, times[i], 300)
    }
  },
}

export const udpFlood: ScenarioKind = {
  id: 'udp-flood',
  title: 'UDP flood',
  description: 'One machine fires datagrams at random ports of a host as fast as it can, to saturate its link and make it answer with errors.',
  intensityMeaning: 'datagrams per second (1,500 at intensity 1)',
  categories: ['udp-flood', 'ddos'],
  detectors: ['flood'],
  lookFor: 'one source sending thousands of unanswered UDP datagrams to one host (I/O graph spike, Protocols view)',
  defaultDuration: 30,
  attacker: 'new-external',
  target: 'busy-internal',
  generate(run) {
    const times = schedule(run, scaled(run, 1500 * run.durationSeconds))
    const sport = ephemeralPort(run, 0)
    for (let i = 0; i < times.length; i++) {
      // Zero-filled payloads (hping3's default) to ports of the traceroute range: random bytes, or a port some
      // dissector claims, would be decoded as that protocol and flagged as malformed.
      const conv = new Conversation(run.crafter, run.attacker, run.target, sport, run.rng.int(33434, 33933))
      conv.udp(true, ZEROS)
      conv.emit(run.sink, times[i])
    }
  },
}

export const icmpFlood: ScenarioKind = {
  id: 'icmp-flood',
  title: 'ICMP flood',
  description: 'One machine pings a host hundreds of times per second with large packets, to use up its bandwidth.',
  intensityMeaning: 'echo requests per second (300 at intensity 1)',
  categories: ['icmp-flood', 'ddos'],
  detectors: ['flood'],
  lookFor: 'a burst of ICMP echo requests to one host (Protocols view: ICMP share jumps)',
  defaultDuration: 30,
  attacker: 'new-external',
  target: 'busy-internal',
  generate(run) {
    const times = schedule(run, scaled(run, 300 * run.durationSeconds))
    const conv = new Conversation(run.crafter, run.attacker, run.target, 0, 0)
    const ident = run.rng.int(1, 0xffff)
    for (let i = 0; i < times.length; i++) {
      conv.echo(true, ident, i & 0xffff, 1000)
      conv.emit(run.sink, times[i])
    }
  },
}
