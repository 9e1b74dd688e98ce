/**
 * The topology layout worker: wiring only. It runs layoutTopology (src/charts/topology.ts: grouping, radii and
 * the d3-force simulation) off the page's thread, where a 300-node layout took 0.3-1.6 s, one long task that
 * froze the page while a capture was being read. Requests and answers are plain data (topology-layout-client.ts).
 */
import { layoutTopology } from '../../charts/topology.ts'
import type { LayoutAnswer, LayoutRequest } from './topology-layout-client.ts'

const scope = self as unknown as { onmessage: ((ev: MessageEvent<LayoutRequest>) => void) | null; postMessage(message: LayoutAnswer, transfer: Transferable[]): void }

scope.onmessage = (ev) => {
  const { id, data, width, height, maxNodes, previousIds, previousXy } = ev.data
  try {
    const previous = previousIds.length > 0 ? new Map(previousIds.map((node, i) => [node, { x: previousXy[2 * i] ?? 0, y: previousXy[2 * i + 1] ?? 0 }])) : undefined
    const positions = layoutTopology(data, { width, height, maxNodes, previous })
    const ids = [...positions.keys()]
    const xy = new Float64Array(ids.length * 2)
    ids.forEach((node, i) => {
      const p = positions.get(node)
      xy[2 * i] = p?.x ?? 0
      xy[2 * i + 1] = p?.y ?? 0
    })
    scope.postMessage({ id, ok: true, ids, xy }, [])
  } catch (e) {
    scope.postMessage({ id, ok: false, message: e instanceof Error ? e.message : String(e) }, [])
  }
}
