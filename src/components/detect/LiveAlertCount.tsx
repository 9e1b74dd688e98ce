/** "Alerts so far: 3 (provisional)" in the reading progress: the live alert stream, whatever view is shown. */
import { formatCount } from '../../lib/display-format.ts'
import { useAnalysisStore } from '../../state/analysis-store.ts'
import { runOfSource, useDetectStore } from '../../state/detect-store.ts'
import { setView } from '../../state/view-store.ts'

export function LiveAlertCount() {
  // The run on screen: its source switches to the new read with the first partial summary.
  const run = runOfSource(useAnalysisStore((s) => s.source))
  const live = useDetectStore((s) => (run !== null && s.liveRun === run ? s.live : null))
  return (
    <div>
      <dt>Alerts so far</dt>
      <dd data-testid="progress-alerts" data-alerts={live?.total ?? 0}>
        {live === null ? 'none yet' : <button type="button" className="link" onClick={() => setView('alerts')}>{formatCount(live.total)} (provisional)</button>}
      </dd>
    </div>
  )
}
