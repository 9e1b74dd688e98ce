/**
 * ARP spoofing (MITRE T1557.002, RFC 826): the attacker's MAC answers ARP for two hosts that talk to each
 * other, telling each that the other is at the attacker's MAC, so their traffic flows through it. The real
 * bindings must be visible for the lie to show, and a twin has no ARP of its own: the ordinary request/reply
 * exchanges of the two hosts are added as context frames (label 0). Intensity 1: a poisoning reply to each
 * host every 2 s for 60 s.
 */
import { BROADCAST_MAC, ZERO_MAC } from '../../craft/addresses.ts'
import type { FrameSink } from '../../craft/frame-sink.ts'
import type { Host } from '../hosts.ts'
import { scaled, schedule, type ScenarioKind, type ScenarioRun } from '../scenario-run.ts'

function arp(run: ScenarioRun, sink: FrameSink, t: number, op: number, ethDst: Uint8Array, ethSrc: Uint8Array, sha: Uint8Array, spa: Uint8Array, tha: Uint8Array, tpa: Uint8Array): void {
  const c = run.crafter.begin().ethernet(ethDst, ethSrc).arp(op, sha, spa, tha, tpa)
  sink.frame(t, c.buf, c.finish())
}

/** The host the victim's traffic is redirected from: another internal host, or a new one. */
function peerOf(run: ScenarioRun): Host {
  return run.hosts.internalHosts().find((h) => h.text !== run.target.text && h.text !== run.attacker.text) ?? run.hosts.newInternal()
}

export const arpSpoof: ScenarioKind = {
  id: 'arp-spoof',
  title: 'ARP spoofing',
  description: 'A machine on the LAN keeps telling two hosts "the other one is me", so their traffic passes through it (a man in the middle).',
  intensityMeaning: 'poisoning replies per 2 s to each host (1 at intensity 1)',
  categories: ['arp-spoof'],
  detectors: ['arp-spoof'],
  lookFor: 'one MAC address claiming the IP addresses of two other hosts (ARP bindings, Endpoints by MAC)',
  defaultDuration: 60,
  attacker: 'new-internal',
  target: 'busy-internal',
  generate(run) {
    const victim = run.target
    const peer = peerOf(run)
    const evil = run.attacker.mac
    // The honest exchanges, before and during the attack: both bindings in use.
    const span = run.durationSeconds * 1e6
    for (let t = run.startUs - 30e6; t < run.startUs + span; t += 15e6) {
      arp(run, run.context, t, 1, BROADCAST_MAC, victim.mac, victim.mac, victim.ip, ZERO_MAC, peer.ip)
      arp(run, run.context, t + 400, 2, victim.mac, peer.mac, peer.mac, peer.ip, victim.mac, victim.ip)
      arp(run, run.context, t + 5e6, 1, BROADCAST_MAC, peer.mac, peer.mac, peer.ip, ZERO_MAC, victim.ip)
      arp(run, run.context, t + 5e6 + 400, 2, peer.mac, victim.mac, victim.mac, victim.ip, peer.mac, peer.ip)
    }
    const times = schedule(run, scaled(run, run.durationSeconds / 2), 2)
    for (let i = 0; i < times.length; i++) {
      // Poisoning tools sleep between rounds; the operating system's timer adds a few milliseconds of wobble.
      const t = times[i] + run.rng.next() * 5000
      arp(run, run.sink, t, 2, victim.mac, evil, evil, peer.ip, victim.mac, victim.ip)
      arp(run, run.sink, t + 200, 2, peer.mac, evil, evil, victim.ip, peer.mac, peer.ip)
    }
  },
}
