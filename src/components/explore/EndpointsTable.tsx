/** Endpoints (Wireshark's Statistics > Endpoints, IP): traffic sent and received per address, with its role. */
import { useState } from 'react'
import { ENDPOINTS_TABLE } from '../../analysis/filter/index.ts'
import type { EndpointRow } from '../../analysis/queries/endpoints-page.ts'
import type { ViewProps } from '../views/view-definition.ts'
import { count, size } from './cell-format.ts'
import { openHost } from './explore-selection.ts'
import { TableView } from './TableView.tsx'
import type { Column } from './VirtualTable.tsx'

const COLUMNS: readonly Column<EndpointRow>[] = [
  { key: 'address', label: 'Address', width: 'minmax(9rem, 1fr)', sort: 'address', text: (r) => r.address, title: (r) => r.address },
  { key: 'name', label: 'Name (DNS, SNI)', width: 'minmax(8rem, 1fr)', text: (r) => r.name ?? '', title: (r) => r.name ?? '' },
  { key: 'role', label: 'Role', width: '5.5rem', sort: 'role', text: (r) => r.role },
  { key: 'packets', label: 'Packets', width: '5.5rem', align: 'right', sort: 'packets', text: (r) => count(r.packets) },
  { key: 'bytes', label: 'Bytes', width: '6rem', align: 'right', sort: 'bytes', text: (r) => size(r.bytes), title: (r) => `${count(r.bytes)} bytes` },
  { key: 'txp', label: 'Tx packets', width: '6rem', align: 'right', sort: 'txPackets', text: (r) => count(r.txPackets) },
  { key: 'txb', label: 'Tx bytes', width: '6rem', align: 'right', sort: 'txBytes', text: (r) => size(r.txBytes) },
  { key: 'rxp', label: 'Rx packets', width: '6rem', align: 'right', sort: 'rxPackets', text: (r) => count(r.rxPackets) },
  { key: 'rxb', label: 'Rx bytes', width: '6rem', align: 'right', sort: 'rxBytes', text: (r) => size(r.rxBytes) },
]

export function EndpointsTable({ source }: ViewProps) {
  const [kind, setKind] = useState<'all' | 'ipv4' | 'ipv6'>('all')
  const select = (
    <label className="inline-control">Show{' '}
      <select value={kind} onChange={(e) => setKind(e.target.value === 'ipv4' ? 'ipv4' : e.target.value === 'ipv6' ? 'ipv6' : 'all')}>
        <option value="all">IPv4 and IPv6</option>
        <option value="ipv4">IPv4</option>
        <option value="ipv6">IPv6</option>
      </select>
    </label>
  )
  return (
    <TableView source={source} query="endpointsPage" title="Endpoints" table={ENDPOINTS_TABLE} columns={COLUMNS} defaultSort={{ column: 'bytes', descending: true }}
      extra={{ kind }} controls={select} testId="endpoints-table" examples={['ip.addr == 192.168.0.0/16', 'tx.bytes > 1MB', 'rx.packets == 0']}
      onOpen={(r) => openHost(r.address)}
      csv={{ header: ['address', 'name', 'role', 'packets', 'bytes', 'tx_packets', 'tx_bytes', 'rx_packets', 'rx_bytes'], row: (r) => [r.address, r.name, r.role, r.packets, r.bytes, r.txPackets, r.txBytes, r.rxPackets, r.rxBytes] }} />
  )
}
