/**
 * Traffic per (destination host, destination port) from the TCP and UDP conversation tables: side B of a
 * conversation (the first packet's destination) is taken as the destination, as Wireshark lists it. Feeds the
 * destination port x host heatmap. Cost: one pass over the conversations, after the fact.
 */
import type { ConversationTable } from '../conversation-table.ts'
import type { AddressTable } from '../../model/address-table.ts'
import type { PortHostTable } from './analysis-data.ts'

export function portHostsFrom(tcp: ConversationTable, udp: ConversationTable, addresses: AddressTable, cap: number): PortHostTable {
  // Key: address id * 2^17 + protocol bit * 2^16 + port (exact in a double for any address id below 2^36).
  const acc = new Map<number, { bytes: number; packets: number; conversations: number }>()
  const add = (t: ConversationTable, udpBit: number): void => {
    for (let r = 0; r < t.rows; r++) {
      const key = t.addrB(r) * 131072 + udpBit * 65536 + t.portB(r)
      let e = acc.get(key)
      if (!e) {
        e = { bytes: 0, packets: 0, conversations: 0 }
        acc.set(key, e)
      }
      e.bytes += t.bytesAB(r) + t.bytesBA(r)
      e.packets += t.packetsAB(r) + t.packetsBA(r)
      e.conversations++
    }
  }
  add(tcp, 0)
  add(udp, 1)
  const top = [...acc].sort((a, b) => b[1].bytes - a[1].bytes || a[0] - b[0]).slice(0, Math.max(0, Math.floor(cap)))
  const n = top.length
  const out = { host: [] as string[], port: [] as string[], bytes: new Float64Array(n), packets: new Float64Array(n), conversations: new Float64Array(n) }
  top.forEach(([key, e], i) => {
    const id = Math.floor(key / 131072)
    const rest = key - id * 131072
    out.host.push(addresses.format(id))
    out.port.push(`${rest >= 65536 ? 'udp' : 'tcp'}/${rest & 0xffff}`)
    out.bytes[i] = e.bytes
    out.packets[i] = e.packets
    out.conversations[i] = e.conversations
  })
  return out
}
