/**
 * The Twin view: the twin of the capture on screen (or of a saved session's baseline) with its fidelity, the
 * lesson packs, the scenario builder with its timeline, Run with progress and cancel, and exports. The twin is
 * built when the view first opens; a new capture keeps the old twin until the user builds again.
 */
import { useEffect } from 'react'
import { formatCount } from '../../lib/display-format.ts'
import { escapeDisplay } from '../../lib/escape.ts'
import { useAnalysisStore } from '../../state/analysis-store.ts'
import { buildTwin, cancelTwinWork, setTwinOptions, useTwinStore } from '../../state/twin-store.ts'
import type { ViewProps } from '../views/view-definition.ts'
import { FidelityPanel } from './FidelityPanel.tsx'
import { NumberField } from './NumberField.tsx'
import { PacksPicker } from './PacksPicker.tsx'
import { ScenarioBuilder } from './ScenarioBuilder.tsx'
import { TwinExports } from './TwinExports.tsx'
import { TwinRunPanel } from './TwinRunPanel.tsx'

export function TwinView({ source }: ViewProps) {
  const name = useAnalysisStore((s) => s.name)
  const reading = useAnalysisStore((s) => s.phase === 'reading')
  const { phase, overview, builtFor, progress, error, lengthSeconds, twinSeed } = useTwinStore()
  const stale = overview !== null && builtFor !== source.id
  const building = phase === 'building'

  // The first visit builds the twin at once; later captures wait for the user (a twin and its run are kept).
  useEffect(() => {
    if (!reading && useTwinStore.getState().phase === 'idle' && useTwinStore.getState().overview === null) void buildTwin(source, name)
  }, [source, name, reading])

  return (
    <div className="twin-view" data-testid="twin-view" data-twin={phase} data-stale={stale ? 'true' : 'false'}>
      <section className="card">
        <h2>Digital twin</h2>
        <p className="muted">
          The twin learns what is normal in {source.kind === 'live' ? 'the capture' : "the session's baseline"} (who talks to whom, on which services,
          how often, how much) and generates new traffic like it. Attacks are then injected into that traffic, or into the capture itself, and
          nettwin's detectors are scored on finding them.
        </p>
        <div className="alert-actions">
          <label>Length (s){' '}
            <NumberField label="Length of the twin's traffic, seconds (empty: the default)" value={lengthSeconds ?? 0} min={0} step={60}
              onCommit={(v) => setTwinOptions({ lengthSeconds: v >= 1 ? Math.min(7 * 86400, Math.round(v)) : null })} disabled={building} />
          </label>
          <label>Seed{' '}
            <NumberField label="Seed of the twin" value={twinSeed} min={0} step={1} onCommit={(v) => setTwinOptions({ twinSeed: Math.max(0, Math.min(0xffffffff, Math.round(v))) })} disabled={building} />
          </label>
          <button type="button" onClick={() => void buildTwin(source, name)} disabled={building || phase === 'running' || reading} data-testid="twin-build">
            {overview === null ? 'Build the twin' : stale ? 'Build the twin of this capture' : 'Build again'}
          </button>
          {building && <button type="button" onClick={cancelTwinWork}>Cancel</button>}
          {building && <span role="status" data-testid="twin-building">{progress ? `${progress.stage} (step ${progress.step} of ${progress.steps})` : 'Starting…'}</span>}
        </div>
        <p className="muted">Length 0 means the default: as long as the source, and at least 10 minutes. The same seed gives the same traffic.</p>
        {reading && <p className="muted">The capture is still being read: the twin is built once it is done.</p>}
        {stale && <p className="notice" data-testid="twin-stale">This twin was built for {escapeDisplay(overview.name, 120)}, not for the data on screen.</p>}
        {error && <p className="notice error" role="alert" data-testid="twin-error">{error}</p>}
        {overview && (
          <p data-testid="twin-facts">
            Twin of {escapeDisplay(overview.name, 120)} ({overview.basis === 'capture' ? 'capture' : 'baseline'}), seed {overview.seed}: {formatCount(overview.generated.packets)} packets in{' '}
            {formatCount(overview.generated.flows)} flows over {formatCount(Math.round(overview.twin.end - overview.twin.start))} s, {formatCount(overview.twin.hosts.length)} hosts; built in{' '}
            {(overview.milliseconds / 1000).toFixed(1)} s.{overview.generated.capped && ' Generation stopped at its packet limit: choose a shorter length.'}
          </p>
        )}
      </section>
      {overview && (
        <>
          <FidelityPanel overview={overview} />
          <PacksPicker packs={overview.packs} />
          <ScenarioBuilder overview={overview} />
          <TwinRunPanel overview={overview} />
          <TwinExports />
        </>
      )}
    </div>
  )
}
