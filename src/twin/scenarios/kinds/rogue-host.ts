/**
 * A new rogue host: a machine nobody registered joins the LAN (a new address and a new MAC), announces itself
 * with a gratuitous ARP (RFC 5227) and starts talking to the network's servers like any client. Nothing it
 * does is an attack by itself; being new is the finding. Intensity 1: 20 connections over 300 s.
 */
import { BROADCAST_MAC, ZERO_MAC } from '../../craft/addresses.ts'
import { session } from '../emit.ts'
import type { Host } from '../hosts.ts'
import { ephemeralPort, scaled, scatter, type ScenarioKind } from '../scenario-run.ts'

export const rogueHost: ScenarioKind = {
  id: 'rogue-host',
  title: 'New rogue host',
  description: 'An unknown device appears on the network and starts talking to its servers, as a planted laptop or a rogue access point would.',
  intensityMeaning: 'connections the new host makes (20 at intensity 1)',
  categories: ['new-host'],
  detectors: ['new-entities'],
  lookFor: 'an inside address and MAC that never appeared before (Endpoints, first seen)',
  defaultDuration: 300,
  attacker: 'new-internal',
  target: 'any-server',
  generate(run) {
    const me = run.attacker
    const c = run.crafter.begin().ethernet(BROADCAST_MAC, me.mac).arp(1, me.mac, me.ip, ZERO_MAC, me.ip)
    run.sink.frame(run.startUs, c.buf, c.finish())
    const servers: Host[] = [run.target, ...run.hosts.servers(443).filter((h) => h.text !== run.target.text && h.text !== me.text).slice(0, 4)]
    const times = scatter(run, scaled(run, 20), 12)
    for (let i = 0; i < times.length; i++) {
      const server = servers[i % servers.length]
      session(run, me, server, ephemeralPort(run, i), 443, times[i] + 1000, server.internal ? 600 : 25_000, [400, 3000])
    }
  },
}
