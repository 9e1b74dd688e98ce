/**
 * The scorecard of the last twin run: per scenario, one row per detector (those meant for its kind and any
 * other that raised a matching alert) with detected, time to detect, precision, recall and that detector's
 * false alarms over the run; the sensitivity curve from the sweep; and the classroom summary in plain words.
 * Addresses come from the traffic and are shown as text only.
 */
import { useCallback } from 'react'
import { renderSensitivityCurve } from '../../charts/sensitivity-curve.ts'
import { formatCount } from '../../lib/display-format.ts'
import { useTwinStore } from '../../state/twin-store.ts'
import { setView } from '../../state/view-store.ts'
import type { ScenarioScore } from '../../twin/score/scorecard.ts'
import type { SensitivityCurve } from '../../twin/score/sweep.ts'
import { Chart } from '../shell/Chart.tsx'

const pct = (x: number | null): string => (x === null ? '–' : `${Math.round(x * 100)}%`)
const secs = (x: number | null): string => (x === null ? '–' : x < 10 ? `${x.toFixed(1)} s` : `${Math.round(x)} s`)

function CurveChart({ score, curve }: { readonly score: ScenarioScore; readonly curve: SensitivityCurve }) {
  const draw = useCallback(
    (svg: SVGSVGElement, width: number) => renderSensitivityCurve(svg, { name: score.scenario.id, points: curve.points, weakestCaught: curve.weakestCaught }, { width: Math.min(width, 640) }),
    [score, curve],
  )
  const weakest = curve.weakestCaught === null ? 'never caught' : `weakest caught: ${curve.weakestCaught < 1 ? `1/${Math.round(1 / curve.weakestCaught)}` : curve.weakestCaught} of the default`
  return <Chart title={`Sensitivity of ${score.scenario.id} (${weakest})`} draw={draw} testId="twin-sensitivity" />
}

function ScenarioCard({ score, curve, falseAlarms }: { readonly score: ScenarioScore; readonly curve: SensitivityCurve | null; readonly falseAlarms: ReadonlyMap<string, number> }) {
  const r = score.scenario
  const cells = [...score.cells].sort((a, b) => Number(b.meant) - Number(a.meant) || a.detector.localeCompare(b.detector))
  return (
    <section className="card" data-testid="scorecard-scenario" data-kind={r.kind} data-caught={score.caught ? 'true' : 'false'}>
      <h3>
        {score.title} <span className="muted">({r.id})</span>{' '}
        <span className={`badge ${score.caught ? 'caught' : 'missed'}`}>{score.caught ? 'caught' : 'missed'}</span>
      </h3>
      <p className="muted">
        {r.attacker} → {r.target}, {formatCount(r.frames)} packets in {formatCount(score.attackFlows)} flows, intensity {r.intensity}. Expected: {score.expectedCategories.join(' or ')} from{' '}
        {score.meantDetectors.join(', ')}.
      </p>
      <div className="twin-scroll">
        <table className="twin-scorecard">
          <thead>
            <tr>
              <th scope="col">Detector</th><th scope="col">Meant for it</th><th scope="col">Detected</th><th scope="col">Time to detect</th>
              <th scope="col">Precision</th><th scope="col">Recall</th><th scope="col">Alerts</th><th scope="col">Named</th><th scope="col">False alarms (run)</th>
            </tr>
          </thead>
          <tbody>
            {cells.map((c) => (
              <tr key={c.detector} data-testid="scorecard-cell" data-kind={r.kind} data-detector={c.detector} data-detected={c.detected ? 'true' : 'false'}>
                <th scope="row">{c.detector}</th>
                <td>{c.meant ? 'yes' : ''}</td>
                <td>{c.detected ? 'yes' : 'no'}</td>
                <td className="num">{secs(c.timeToDetect)}</td>
                <td className="num">{pct(c.precision)}</td>
                <td className="num">{pct(c.recall)}</td>
                <td className="num">{formatCount(c.alerts)}</td>
                <td>{[c.namesAttacker ? 'attacker' : '', c.namesTarget ? 'target' : ''].filter(Boolean).join(', ') || '–'}</td>
                <td className="num">{formatCount(falseAlarms.get(c.detector) ?? 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {curve && <CurveChart score={score} curve={curve} />}
    </section>
  )
}

export function ScorecardView() {
  const result = useTwinStore((s) => s.result)
  if (result === null) {
    return (
      <section className="card" data-testid="twin-scorecard" data-scorecard="none">
        <h2>Scorecard</h2>
        <p className="muted">No run yet: build the twin, add scenarios or pick a lesson pack, and Run in the Twin view.</p>
        <button type="button" onClick={() => setView('twin')}>Go to the Twin view</button>
      </section>
    )
  }
  const card = result.scorecard
  const falseAlarms = new Map(card.falseAlarms.map((f) => [f.detector, f.count]))
  return (
    <div className="twin-view" data-testid="twin-scorecard" data-scorecard={card.scenarios.length}>
      <section className="card">
        <h2>Scorecard</h2>
        <p>
          {card.scenarios.filter((s) => s.caught).length} of {card.scenarios.length} scenario(s) caught, injected into {result.target === 'twin' ? "the twin's traffic" : 'the real capture'}.{' '}
          {formatCount(card.totalFalseAlarms)} false alarm(s) over {(card.hours * 60).toFixed(1)} minutes ({card.falseAlarmsPerHour.toFixed(1)} per hour)
          {card.falseAlarms.length > 0 && `: ${card.falseAlarms.map((f) => `${f.detector} ${f.count}`).join(', ')}`}.
        </p>
        <p className="muted">
          Detected: an alert overlapping the attack in time that cites its flows or names its hosts. Time to detect: from the attack's first packet to
          the first evidence the alert cites. Recall: share of the attack's flows the detector flagged; precision: share of what it flagged that was the attack.
          A false alarm matches no attack.
        </p>
      </section>
      {card.scenarios.map((s) => (
        <ScenarioCard key={s.scenario.id} score={s} curve={result.curves.find((c) => c.scenarioId === s.scenario.id) ?? null} falseAlarms={falseAlarms} />
      ))}
      <section className="card" data-testid="twin-summary">
        <h3>For the class</h3>
        {result.summary.split('\n\n').map((p, i) => <p key={i}>{p}</p>)}
      </section>
    </div>
  )
}
