/**
 * Running the scenarios: where they go (the twin's traffic or the real capture), whether to sweep intensities
 * for sensitivity curves, the set's seed, Run and Cancel with progress, and the outcome in one line with a way
 * to the scorecard.
 */
import { formatCount } from '../../lib/display-format.ts'
import { cancelTwinWork, runScenarioSet, setTwinOptions, useTwinStore } from '../../state/twin-store.ts'
import { setView } from '../../state/view-store.ts'
import type { TwinOverview } from '../../twin/lab/lab-types.ts'
import { NumberField } from './NumberField.tsx'

export function TwinRunPanel({ overview }: { readonly overview: TwinOverview }) {
  const { phase, target, sweep, setSeed, drafts, progress, result, runsFinished } = useTwinStore()
  const running = phase === 'running'
  const caught = result?.scorecard.scenarios.filter((s) => s.caught).length ?? 0
  return (
    <section className="card" data-testid="twin-run" data-runs={runsFinished}>
      <h3>Run</h3>
      <div className="alert-actions">
        <fieldset className="twin-target">
          <legend>Inject into</legend>
          <label><input type="radio" name="twin-target" checked={target === 'twin'} onChange={() => setTwinOptions({ target: 'twin' })} disabled={running} /> the twin's traffic</label>{' '}
          <label><input type="radio" name="twin-target" checked={target === 'capture'} onChange={() => setTwinOptions({ target: 'capture' })} disabled={running || overview.capture === null} data-testid="twin-target-capture" /> the real capture</label>
        </fieldset>
        <label><input type="checkbox" checked={sweep} onChange={(e) => setTwinOptions({ sweep: e.target.checked })} disabled={running} data-testid="twin-sweep" /> sensitivity sweep (6 strengths per scenario)</label>
        <label>Seed <NumberField label="Seed of the scenarios" value={setSeed} min={0} step={1} onCommit={(v) => setTwinOptions({ setSeed: Math.max(0, Math.min(0xffffffff, Math.round(v))) })} disabled={running} /></label>
      </div>
      <div className="alert-actions">
        <button type="button" onClick={() => void runScenarioSet()} disabled={phase !== 'ready' || drafts.length === 0} data-testid="twin-run-button">Run {drafts.length} scenario(s)</button>
        {running && <button type="button" onClick={cancelTwinWork} data-testid="twin-cancel">Cancel</button>}
        {running && progress && (
          <span role="status" className="twin-progress">
            <progress max={progress.steps} value={progress.step - 1} /> {progress.stage} (step {progress.step} of {progress.steps})
          </span>
        )}
        {running && !progress && <span role="status">Starting…</span>}
      </div>
      {result && !running && (
        <p role="status" data-testid="twin-run-done">
          {caught} of {result.scorecard.scenarios.length} scenario(s) caught by the detector meant for them; {formatCount(result.injectedPackets)} attack packets among{' '}
          {formatCount(result.ordinaryPackets)} ordinary ones, {formatCount(result.alerts)} alert(s), {(result.milliseconds / 1000).toFixed(1)} s.
          {result.partialSweep && ' The sweep was cancelled: curves cover the scenarios that finished.'}{' '}
          <button type="button" className="small" onClick={() => setView('twin-scorecard')} data-testid="twin-open-scorecard">Open the scorecard</button>
        </p>
      )}
    </section>
  )
}
