import { describe, expect, it } from 'vitest'
import { arpSpoof } from './arp-spoof.ts'
import { defaultParams } from './detector.ts'
import { contextOf, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000
const A = { ip: '10.0.0.153', mac: 'dc:f5:05:75:0b:cd' }
const B = { ip: '10.0.0.157', mac: 'b0:7f:b9:4e:f0:9c' }
const EVIL = '00:e0:4d:3c:25:7b'
const arp = (t: number, senderIp: string, senderMac: string, targetIp: string, targetMac: string): Pkt => ({ t, src: senderIp, dst: targetIp, proto: 'arp', smac: senderMac, dmac: targetMac })
const run = (pkts: Pkt[]) => arpSpoof.run(contextOf(pkts), defaultParams(arpSpoof))

describe('ARP spoofing', () => {
  it('raises one MAC claiming two hosts that are bound elsewhere (man in the middle)', () => {
    const pkts: Pkt[] = [arp(T0, A.ip, A.mac, B.ip, 'ff:ff:ff:ff:ff:ff'), arp(T0 + 0.001, B.ip, B.mac, A.ip, A.mac)]
    for (let i = 0; i < 10; i++) pkts.push(arp(T0 + 1 + i, A.ip, EVIL, B.ip, B.mac), arp(T0 + 1.001 + i, B.ip, EVIL, A.ip, A.mac))
    const alerts = run(pkts)
    expect(alerts.map((a) => [a.src[0], [...a.dst].sort(), a.severity])).toEqual([[EVIL, [A.ip, B.ip], 'high']])
  })

  it('does not raise an address that moved to a new MAC, nor ordinary request/reply pairs', () => {
    const pkts: Pkt[] = []
    for (let i = 0; i < 5; i++) pkts.push(arp(T0 + i, A.ip, A.mac, B.ip, 'ff:ff:ff:ff:ff:ff'), arp(T0 + i + 0.001, B.ip, B.mac, A.ip, A.mac))
    for (let i = 0; i < 5; i++) pkts.push(arp(T0 + 100 + i, A.ip, '02:00:00:00:00:aa', B.ip, 'ff:ff:ff:ff:ff:ff'), arp(T0 + 100.001 + i, B.ip, B.mac, A.ip, '02:00:00:00:00:aa'))
    expect(run(pkts)).toEqual([])
  })

  it('ignores virtual router MACs that share an address by design (VRRP)', () => {
    const pkts: Pkt[] = []
    for (let i = 0; i < 5; i++) pkts.push(arp(T0 + i, '10.0.0.1', '00:00:5e:00:01:01', B.ip, B.mac), arp(T0 + i + 0.5, '10.0.0.1', '00:11:22:33:44:55', B.ip, B.mac))
    expect(run(pkts)).toEqual([])
  })
})
