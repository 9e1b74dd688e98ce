/** Conversations (Wireshark's Statistics > Conversations): one table per kind, A -> B and B -> A counts. */
import { useState } from 'react'
import { CONVERSATIONS_TABLE } from '../../analysis/filter/index.ts'
import type { ConversationRow } from '../../analysis/queries/conversations-page.ts'
import type { ConversationKind } from '../../analysis/queries/conversation-record.ts'
import type { ViewProps } from '../views/view-definition.ts'
import { count, port, shortDuration, size } from './cell-format.ts'
import { openHost } from './explore-selection.ts'
import { TableView } from './TableView.tsx'
import type { Column } from './VirtualTable.tsx'

const KINDS: readonly { readonly kind: ConversationKind; readonly label: string }[] = [
  { kind: 'eth', label: 'Ethernet' }, { kind: 'ipv4', label: 'IPv4' }, { kind: 'ipv6', label: 'IPv6' }, { kind: 'tcp', label: 'TCP' }, { kind: 'udp', label: 'UDP' },
]

function columns(ported: boolean): readonly Column<ConversationRow>[] {
  const all: (Column<ConversationRow> | null)[] = [
    { key: 'a', label: 'Address A', width: 'minmax(8rem, 1fr)', sort: 'a', text: (r) => r.addressA, title: (r) => r.addressA },
    ported ? { key: 'portA', label: 'Port A', width: '4.5rem', align: 'right', sort: 'portA', text: (r) => port(r.portA) } : null,
    { key: 'b', label: 'Address B', width: 'minmax(8rem, 1fr)', sort: 'b', text: (r) => r.addressB, title: (r) => r.addressB },
    ported ? { key: 'portB', label: 'Port B', width: '4.5rem', align: 'right', sort: 'portB', text: (r) => port(r.portB) } : null,
    { key: 'packets', label: 'Packets', width: '5rem', align: 'right', sort: 'packets', text: (r) => count(r.packets) },
    { key: 'bytes', label: 'Bytes', width: '6rem', align: 'right', sort: 'bytes', text: (r) => size(r.bytes), title: (r) => `${count(r.bytes)} bytes` },
    { key: 'pab', label: 'Pkts A→B', width: '5rem', align: 'right', sort: 'packetsAtoB', text: (r) => count(r.packetsAtoB) },
    { key: 'bab', label: 'Bytes A→B', width: '6rem', align: 'right', sort: 'bytesAtoB', text: (r) => size(r.bytesAtoB) },
    { key: 'pba', label: 'Pkts B→A', width: '5rem', align: 'right', sort: 'packetsBtoA', text: (r) => count(r.packetsBtoA) },
    { key: 'bba', label: 'Bytes B→A', width: '6rem', align: 'right', sort: 'bytesBtoA', text: (r) => size(r.bytesBtoA) },
    { key: 'rel', label: 'Rel start', width: '6rem', align: 'right', sort: 'start', text: (r) => shortDuration(r.relStart) },
    { key: 'duration', label: 'Duration', width: '6rem', align: 'right', sort: 'duration', text: (r) => shortDuration(r.duration) },
  ]
  return all.filter((c): c is Column<ConversationRow> => c !== null)
}

const CSV_HEADER = ['address_a', 'port_a', 'address_b', 'port_b', 'packets', 'bytes', 'packets_a_to_b', 'bytes_a_to_b', 'packets_b_to_a', 'bytes_b_to_a', 'rel_start', 'duration']

export function ConversationsTable({ source }: ViewProps) {
  const [kind, setKind] = useState<ConversationKind>('ipv4')
  const ported = kind === 'tcp' || kind === 'udp'
  const tabs = (
    <span role="radiogroup" aria-label="Conversation kind" className="segmented">
      {KINDS.map((k) => (
        <button key={k.kind} type="button" role="radio" aria-checked={kind === k.kind} className={`small${kind === k.kind ? ' primary' : ''}`}
          onClick={() => setKind(k.kind)} data-testid={`conv-kind-${k.kind}`}>{k.label}</button>
      ))}
    </span>
  )
  return (
    <TableView source={source} query="conversationsPage" title={`Conversations (${kind})`} table={CONVERSATIONS_TABLE} columns={columns(ported)}
      defaultSort={{ column: 'bytes', descending: true }} extra={{ kind }} controls={tabs} testId="conversations-table"
      examples={['ip.addr == 10.0.0.0/8', 'tcp.port == 443', 'bytes > 1MB', 'duration > 10s']} onOpen={(r) => { if (kind !== 'eth') openHost(r.addressA) }}
      csv={{ header: CSV_HEADER, row: (r) => [r.addressA, r.portA, r.addressB, r.portB, r.packets, r.bytes, r.packetsAtoB, r.bytesAtoB, r.packetsBtoA, r.bytesBtoA, r.relStart, r.duration] }} />
  )
}
