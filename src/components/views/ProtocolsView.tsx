/**
 * Protocols: the protocol hierarchy (which protocols ride on which), and the protocol and port mix over time
 * (per window, once the read is complete).
 */
import { useCallback, useState } from 'react'
import type { ProtocolNode } from '../../analysis/protocol-hierarchy.ts'
import { renderProtocolHierarchy } from '../../charts/protocol-hierarchy.ts'
import { renderTimeSeries } from '../../charts/time-series.ts'
import { formatUtc } from '../../lib/display-format.ts'
import { useQuery } from '../../state/use-query.ts'
import { setTimeRange, useViewStore } from '../../state/view-store.ts'
import { Chart } from '../shell/Chart.tsx'
import { CsvExport } from '../shell/ExportButtons.tsx'
import type { ViewDefinition, ViewProps } from './view-definition.ts'
import { QueryStatus, bucketLabel, compact } from './view-helpers.tsx'

/** The tree as rows (path, depth, packets, bytes), depth first, without recursion. */
export function hierarchyRows(tree: ProtocolNode): { path: string; depth: number; packets: number; bytes: number }[] {
  const out: { path: string; depth: number; packets: number; bytes: number }[] = []
  const stack: { node: ProtocolNode; path: string; depth: number }[] = [{ node: tree, path: tree.name, depth: 0 }]
  while (stack.length > 0 && out.length < 10_000) {
    const top = stack.pop()
    if (!top) break
    out.push({ path: top.path, depth: top.depth, packets: top.node.packets, bytes: top.node.bytes })
    for (let k = top.node.children.length - 1; k >= 0; k--) {
      const c = top.node.children[k]
      stack.push({ node: c, path: `${top.path}:${c.name}`, depth: top.depth + 1 })
    }
  }
  return out
}

function ProtocolsView({ source }: ViewProps) {
  const [measure, setMeasure] = useState<'packets' | 'bytes'>('packets')
  const tree = useQuery(source, 'protocolHierarchy', {})
  const range = useViewStore((s) => s.timeRange)
  const mix = useQuery(source, 'protocolMix', { ports: 6, range })
  const t = tree.data
  const m = mix.data

  const drawTree = useCallback(
    (svg: SVGSVGElement, width: number) =>
      t ? renderProtocolHierarchy(svg, t, { label: `Protocol hierarchy by ${measure}`, description: 'Each band is a protocol; its width is its share, and the bands to its right are the protocols it carries.', width, height: 320, measure }) : null,
    [t, measure],
  )
  const drawFamilies = useCallback(
    (svg: SVGSVGElement, width: number) =>
      m ? renderTimeSeries(svg, { times: m.times, series: m.families.map((f) => ({ name: f.name, values: f.values })) }, { label: `Packets by protocol per ${bucketLabel(m.bucketSeconds)} window`, width, height: 220, formatValue: compact }) : null,
    [m],
  )
  const drawPorts = useCallback(
    (svg: SVGSVGElement, width: number) =>
      m && m.ports.length > 0 ? renderTimeSeries(svg, { times: m.times, series: m.ports.map((p) => ({ name: p.name, values: p.values })) }, { label: `Packets by service port per ${bucketLabel(m.bucketSeconds)} window`, width, height: 220, formatValue: compact }) : null,
    [m],
  )

  return (
    <div className="view-body">
      {range && (
        <p className="muted" data-testid="view-range-note">
          The mix over time shows the selected time range; the hierarchy counts the whole capture (it is not kept per window): {formatUtc(range.start)} to {formatUtc(range.end)}{' '}
          <button type="button" className="small" onClick={() => setTimeRange(null)}>Show the whole capture</button>
        </p>
      )}
      <QueryStatus state={tree} what="the protocol hierarchy" />
      {t && (
        <Chart
          title="Protocol hierarchy"
          draw={drawTree}
          testId="protocol-hierarchy"
          empty={t.packets === 0 ? 'No packets yet.' : null}
          controls={
            <>
              <select aria-label="Measure" value={measure} onChange={(e) => setMeasure(e.currentTarget.value === 'bytes' ? 'bytes' : 'packets')}>
                <option value="packets">by packets</option>
                <option value="bytes">by bytes</option>
              </select>
              <CsvExport title="protocol-hierarchy" header={['path', 'depth', 'packets', 'bytes']} rows={() => hierarchyRows(t).map((r) => [r.path, r.depth, r.packets, r.bytes])} />
            </>
          }
        />
      )}
      <QueryStatus state={mix} what="the protocol mix" />
      <div className="grid-2">
        <Chart title="Protocol mix over time" draw={drawFamilies} testId="protocol-mix" empty={m ? null : 'Available when the whole file has been read.'} />
        <Chart title="Port mix over time" draw={drawPorts} testId="port-mix" empty={!m ? 'Available when the whole file has been read.' : m.ports.length === 0 ? 'No TCP or UDP services.' : null} />
      </div>
    </div>
  )
}

export const protocolsView: ViewDefinition = {
  id: 'protocols',
  label: 'Protocols',
  explanation:
    'Networks stack protocols: Ethernet carries IP, IP carries TCP or UDP, and those carry applications such as TLS, HTTP or DNS. The hierarchy chart reads from left to right: each band is a protocol, its height is its share of all packets (or bytes), and the bands to its right are what it carries. The charts below show how the mix changes over time, by protocol family and by the busiest service ports; a sudden new port or a jump in ICMP is worth a closer look.',
  component: ProtocolsView,
}
