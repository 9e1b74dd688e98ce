/**
 * Horizontal sweep (MITRE T1018): one source pings address after address of its network to find live hosts
 * (nmap -sn). Live hosts of the traffic answer the echo request; unused addresses stay silent. Intensity 1:
 * 5 addresses per second for 60 s (300 addresses from the target's /24 on).
 */
import type { Endpoint } from '../../craft/conversation.ts'
import { Conversation } from '../../craft/conversation.ts'
import { scaled, schedule, type ScenarioKind } from '../scenario-run.ts'

export const hostSweep: ScenarioKind = {
  id: 'host-sweep',
  title: 'Horizontal sweep',
  description: 'One machine pings every address of the network in turn, to find which hosts are alive.',
  intensityMeaning: 'addresses probed per second (5 at intensity 1)',
  categories: ['host-sweep'],
  detectors: ['host-sweep'],
  lookFor: 'one source contacting hundreds of addresses, most of which never answer (Topology, Endpoints)',
  defaultDuration: 60,
  attacker: 'new-internal',
  target: 'busy-internal',
  generate(run) {
    const times = schedule(run, scaled(run, 5 * run.durationSeconds), 2)
    const base = ((run.target.ip[0] << 24) | (run.target.ip[1] << 16) | (run.target.ip[2] << 8)) >>> 0
    const offsets: number[] = []
    for (let i = 0; i < times.length; i++) offsets.push(i)
    run.rng.shuffle(offsets, run.stealth.randomisation)
    const ident = run.rng.int(1, 0xffff)
    for (let i = 0; i < times.length; i++) {
      // Host numbers 1..254 of the /24, then of the next /24s.
      const n = (base + Math.floor(offsets[i] / 254) * 256 + (offsets[i] % 254) + 1) >>> 0
      const text = `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`
      if (text === run.attacker.text) continue
      const live = run.hosts.existing(text)
      const peer: Endpoint = live ?? { mac: run.hosts.routerMac, ip: Uint8Array.of(n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255) }
      const conv = new Conversation(run.crafter, run.attacker, peer, 0, 0)
      conv.echo(true, ident, i & 0xffff, 32)
      conv.emit(run.sink, times[i])
      if (live !== null && live.internal) {
        conv.echo(false, ident, i & 0xffff, 32)
        conv.emit(run.sink, times[i] + 350)
      }
    }
  },
}
