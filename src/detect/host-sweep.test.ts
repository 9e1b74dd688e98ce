import { describe, expect, it } from 'vitest'
import { defaultParams } from './detector.ts'
import { gatewayMacs, hostSweep } from './host-sweep.ts'
import { contextOf, tcpSession, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000
const ROUTER_MAC = '74:36:6d:50:21:32'
const ROUTER = '192.168.1.1'

/** A workstation browsing two outside web servers through the router (so the router's MAC fronts them). */
function browsing(): Pkt[] {
  const out: Pkt[] = []
  const servers = ['93.184.216.34', '151.101.1.69']
  for (let i = 0; i < 6; i++) {
    const server = servers[i % 2]
    for (const p of tcpSession(T0 + i * 20, `192.168.1.100:${50000 + i}`, `${server}:443`)) {
      const outbound = p.src.startsWith('192.168.1.100')
      out.push({ ...p, smac: outbound ? 'a4:02:b9:92:1d:23' : ROUTER_MAC, dmac: outbound ? ROUTER_MAC : 'a4:02:b9:92:1d:23' })
    }
  }
  return out
}

/** Unanswered ARP requests from `sender` (with `mac`) for .2 .. .(1 + hosts), 1 ms apart, every `every` seconds. */
function arpRound(sender: string, mac: string, hosts: number, times: readonly number[]): Pkt[] {
  const out: Pkt[] = []
  for (const t of times) for (let h = 2; h < 2 + hosts; h++) out.push({ t: t + h / 1000, src: sender, dst: `192.168.1.${h}`, proto: 'arp', smac: mac, dmac: 'ff:ff:ff:ff:ff:ff' })
  return out
}

describe('host sweep and the gateway\'s ARP upkeep', () => {
  it('finds the gateway by the outside addresses behind its MAC', () => {
    const ctx = contextOf(browsing())
    const macs = [...gatewayMacs(ctx)].map((id) => ctx.addr(id))
    expect(macs).toEqual([ROUTER_MAC])
  })

  it('does not call the router re-asking for its hosts every 30 s a sweep', () => {
    const pkts = [...browsing(), ...arpRound(ROUTER, ROUTER_MAC, 25, [T0 + 5, T0 + 35, T0 + 65])]
    expect(hostSweep.run(contextOf(pkts), defaultParams(hostSweep))).toEqual([])
  })

  it('still catches the same ARP requests from a host that is not the gateway', () => {
    const pkts = [...browsing(), ...arpRound('192.168.1.66', '02:00:00:00:00:66', 25, [T0 + 5])]
    const alerts = hostSweep.run(contextOf(pkts), defaultParams(hostSweep))
    expect(alerts).toHaveLength(1)
    expect(alerts[0].src).toEqual(['192.168.1.66'])
  })
})
