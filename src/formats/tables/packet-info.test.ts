import { describe, expect, it } from 'vitest'
import { App, TcpFlag } from '../../model/packet-batch.ts'
import { InfoFields, ipv4FromText, protocolFacts } from './packet-info.ts'

describe('what packet table columns say', () => {
  it('names protocols by the layers below them', () => {
    expect(protocolFacts('TLSv1.2')).toMatchObject({ ipProto: 6, app: App.TLS })
    expect(protocolFacts('DNS')).toMatchObject({ ipProto: 17, app: App.DNS })
    expect(protocolFacts('17')).toMatchObject({ ipProto: 17 })
    expect(protocolFacts('ICMPv6')).toMatchObject({ ipProto: 58 })
    expect(protocolFacts('ARP')).toMatchObject({ arp: true })
    expect(protocolFacts('300')).toMatchObject({ ipProto: 0 })
    expect(protocolFacts('__proto__')).toMatchObject({ ipProto: 0 })
  })

  it('reads flags and counters from Info only where Wireshark writes them', () => {
    const f = new InfoFields()
    expect(f.read('443 → 5000 [FIN, PSH, ACK] Seq=10 Ack=20 Win=501 Len=31')).toBe(true)
    expect([f.flags, f.seq, f.ack, f.win, f.len]).toEqual([TcpFlag.FIN | TcpFlag.PSH | TcpFlag.ACK, 10, 20, 501, 31])
    expect(f.read('[TCP Keep-Alive] 1 → 2 [<None>] Seq=1 Win=0 Len=0')).toBe(false)
    expect(f.read('Standard query [SYN] NotLen=5')).toBe(true)
    expect(f.len).toBe(-1)
    expect(f.read('[' + 'x'.repeat(5000))).toBe(false)
  })

  it('parses dotted quads strictly', () => {
    expect(ipv4FromText('192.168.1.255')).toBe(0xc0a801ff)
    for (const bad of ['256.1.1.1', '1.2.3', '1.2.3.4.5', '1..2.3', '01234.1.1.1', '', 'a.b.c.d']) expect(ipv4FromText(bad)).toBe(-1)
  })
})
