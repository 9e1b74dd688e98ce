/**
 * How faithful the twin is: the five measures of src/twin/fidelity.ts against the issue's targets (JSD of the
 * protocol and port mixes at most 0.05; normalised EMD of flow size, duration and inter-arrival at most 0.1),
 * each with a plain-words meaning and whether it meets its target.
 */
import { formatCount } from '../../lib/display-format.ts'
import type { TwinOverview } from '../../twin/lab/lab-types.ts'

interface Measure {
  readonly id: string
  readonly name: string
  readonly meaning: string
  readonly value: number
  readonly target: number
}

export function FidelityPanel({ overview }: { readonly overview: TwinOverview }) {
  const f = overview.fidelity
  if (f === null) {
    return (
      <section className="card" data-testid="twin-fidelity" data-fidelity="none">
        <h3>Fidelity</h3>
        <p className="muted">This twin was learned from a baseline, which keeps distributions but no flows to compare with: open the capture itself to measure the twin against it.</p>
      </section>
    )
  }
  const t = overview.targets
  const measures: Measure[] = [
    { id: 'protocol-jsd', name: 'Protocol mix (JSD)', meaning: 'packets per TCP, UDP, ICMP, other', value: f.protocolJsd, target: t.jsd },
    { id: 'port-jsd', name: 'Port mix (JSD)', meaning: 'packets per service, top 20 named', value: f.portJsd, target: t.jsd },
    { id: 'size-emd', name: 'Flow size (EMD)', meaning: 'bytes per flow', value: f.sizeEmd, target: t.emd },
    { id: 'duration-emd', name: 'Flow duration (EMD)', meaning: 'how long flows last', value: f.durationEmd, target: t.emd },
    { id: 'gap-emd', name: 'Inter-arrival (EMD)', meaning: 'time between flow starts', value: f.interArrivalEmd, target: t.emd },
  ]
  const met = measures.filter((m) => m.value <= m.target).length
  return (
    <section className="card" data-testid="twin-fidelity" data-fidelity={f.pass ? 'pass' : 'fail'}>
      <h3>Fidelity: {met} of {measures.length} measures on target</h3>
      <p className="muted">
        0 means the twin's traffic has the same distribution as the capture's. The divergences (JSD, 0..1) compare mixes; the earth mover's
        distances (EMD, normalised to 0..1 on a log scale) compare distributions of per-flow numbers. Capture: {formatCount(f.source.flows)} flows,{' '}
        {formatCount(f.source.packets)} packets; twin: {formatCount(f.twin.flows)} flows, {formatCount(f.twin.packets)} packets.
      </p>
      <table className="twin-fidelity-table">
        <thead>
          <tr><th scope="col">Measure</th><th scope="col">Compares</th><th scope="col">Value</th><th scope="col">Target</th><th scope="col">Result</th></tr>
        </thead>
        <tbody>
          {measures.map((m) => (
            <tr key={m.id} data-testid={`fidelity-${m.id}`} data-ok={m.value <= m.target ? 'true' : 'false'}>
              <th scope="row">{m.name}</th>
              <td className="muted">{m.meaning}</td>
              <td className="num" data-testid="fidelity-value">{m.value.toFixed(4)}</td>
              <td className="num">≤ {m.target}</td>
              <td>{m.value <= m.target ? 'on target' : 'over'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
