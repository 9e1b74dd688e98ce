/** The flows table: every flow of the capture, filterable with the display-filter language. */
import { FLOWS_TABLE } from '../../analysis/filter/index.ts'
import type { FlowRow } from '../../analysis/queries/flows-page.ts'
import type { ViewProps } from '../views/view-definition.ts'
import type { TimeRange } from '../../state/view-store.ts'
import { clockTime, count, fullTime, port, shortDuration, size } from './cell-format.ts'
import { openHost } from './explore-selection.ts'
import { TableView } from './TableView.tsx'
import type { Column } from './VirtualTable.tsx'

const COLUMNS: readonly Column<FlowRow>[] = [
  { key: 'start', label: 'Start (UTC)', width: '7.5rem', sort: 'start', text: (r) => clockTime(r.start), title: (r) => fullTime(r.start) },
  { key: 'proto', label: 'Proto', width: '4rem', sort: 'proto', text: (r) => r.proto },
  { key: 'src', label: 'Source', width: 'minmax(9.5rem, 1.2fr)', sort: 'src', text: (r) => r.src, title: (r) => r.src },
  { key: 'srcPort', label: 'Port', width: '4rem', align: 'right', sort: 'srcPort', text: (r) => port(r.srcPort) },
  { key: 'dst', label: 'Destination', width: 'minmax(9.5rem, 1.2fr)', sort: 'dst', text: (r) => r.dst, title: (r) => r.dst },
  { key: 'dstPort', label: 'Port', width: '4rem', align: 'right', sort: 'dstPort', text: (r) => port(r.dstPort) },
  { key: 'app', label: 'App', width: '5.5rem', sort: 'app', text: (r) => r.app ?? '' },
  { key: 'state', label: 'State', width: '4.5rem', sort: 'state', text: (r) => r.state, title: (r) => `history ${r.history}` },
  { key: 'packets', label: 'Packets', width: '5rem', align: 'right', sort: 'packets', text: (r) => count(r.packets) },
  { key: 'bytes', label: 'Bytes', width: '6rem', align: 'right', sort: 'bytes', text: (r) => size(r.bytes), title: (r) => `${count(r.bytes)} bytes (${count(r.bytesOrig)} → / ${count(r.bytesResp)} ←)` },
  { key: 'duration', label: 'Duration', width: '5.5rem', align: 'right', sort: 'duration', text: (r) => shortDuration(r.duration) },
  { key: 'rtt', label: 'RTT', width: '5rem', align: 'right', sort: 'rtt', text: (r) => shortDuration(r.rtt) },
  { key: 'retrans', label: 'Retr.', width: '3.5rem', align: 'right', sort: 'retrans', text: (r) => (r.retrans === null ? '' : count(r.retrans)) },
  { key: 'info', label: 'Info', width: 'minmax(8rem, 2fr)', text: (r) => r.info, title: (r) => r.info },
]

const CSV_HEADER = ['id', 'start', 'proto', 'app', 'src', 'src_port', 'dst', 'dst_port', 'state', 'history', 'packets', 'bytes', 'bytes_orig', 'bytes_resp', 'duration', 'rtt', 'retrans', 'info']

export const FLOW_FILTER_EXAMPLES = ['ip.addr == 10.0.0.1 && tcp.port == 443', 'udp', 'bytes > 1000', 'tls.sni contains "example"', 'state == "S0"', '!dns']

export function FlowsTable({ source, range, onOpenHost = openHost }: ViewProps & { readonly range?: TimeRange | null; readonly onOpenHost?: (address: string) => void }) {
  return (
    <TableView source={source} query="flowsPage" title="Flows" table={FLOWS_TABLE} columns={COLUMNS} defaultSort={{ column: 'id', descending: false }}
      range={range} examples={FLOW_FILTER_EXAMPLES} testId="flows-table" onOpen={(r) => onOpenHost(r.src)}
      csv={{
        header: CSV_HEADER,
        row: (r) => [r.id, r.start, r.proto, r.app, r.src, r.srcPort, r.dst, r.dstPort, r.state, r.history, r.packets, r.bytes, r.bytesOrig, r.bytesResp, r.duration, r.rtt, r.retrans, r.info],
      }} />
  )
}
