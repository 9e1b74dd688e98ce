import { describe, expect, it } from 'vitest'
import { decode, eth, hex, ipv4, transport, udp } from './frame-test-kit.ts'

const ipUdp = Buffer.from(ipv4(17, udp(40000, 40001, new Uint8Array(4)))).toString('hex')

describe('802.1Q / 802.1ad', () => {
  it('reads the VLAN id and continues with the inner EtherType', () => {
    const frame = hex(`
      001122334455 66778899aabb
      8100           // TPID 802.1Q
      a064           // TCI: priority 5, DEI 0, VLAN id 100
      0800           // EtherType IPv4
      ${ipUdp}
    `)
    const d = decode(1, frame)
    expect(d.layers).toEqual(['eth', 'vlan', 'ip', 'udp'])
    expect(d.batch.vlan[d.row]).toBe(100)
    expect(transport(d).dstPort).toBe(40001)
  })

  it('keeps the outermost id of a QinQ stack', () => {
    const frame = hex(`
      001122334455 66778899aabb
      88a8 00c8       // S-tag: VLAN id 200
      8100 012c       // C-tag: VLAN id 300
      0800 ${ipUdp}
    `)
    const d = decode(1, frame)
    expect(d.batch.vlan[d.row]).toBe(200)
    expect(d.layers).toContain('ip')
  })

  it('walks 8 stacked tags but stops at the 9th with vlan.too_many_layers', () => {
    const tags = (n: number) => '8100 0001 '.repeat(n)
    const eight = decode(1, hex(`001122334455 66778899aabb ${tags(8)} 0800 ${ipUdp}`))
    expect(eight.layers).toContain('udp')
    expect(eight.anomalies).toEqual({})
    const many = decode(1, hex(`001122334455 66778899aabb ${tags(100)} 0800 ${ipUdp}`))
    expect(many.anomalies).toEqual({ 'vlan.too_many_layers': 1 })
    expect(many.layers).toEqual(['eth', 'vlan'])
    expect(many.batch.vlan[many.row]).toBe(1)
  })

  it('counts vlan.truncated when a tag is cut short', () => {
    const d = decode(1, eth(0x8100, hex('00')))
    expect(d.anomalies).toEqual({ 'vlan.truncated': 1 })
  })
})
