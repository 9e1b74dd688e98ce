/** The builder's timeline strip (src/charts/scenario-timeline.ts): drag or use the arrow keys to place scenarios. */
import { useCallback } from 'react'
import { renderScenarioTimeline } from '../../charts/scenario-timeline.ts'
import { selectScenario, updateScenario, useTwinStore } from '../../state/twin-store.ts'
import { Chart } from '../shell/Chart.tsx'
import type { ScenarioDraft } from './scenario-drafts.ts'

export function ScenarioTimeline({ drafts, span }: { readonly drafts: readonly ScenarioDraft[]; readonly span: number }) {
  const selected = useTwinStore((s) => s.selected)
  const draw = useCallback(
    (svg: SVGSVGElement, width: number) =>
      renderScenarioTimeline(
        svg,
        { span, bars: drafts.map((d) => ({ label: d.id, start: d.start, duration: d.duration })), selected },
        {
          width,
          label: 'Scenarios on the traffic timeline',
          onChange: (index, start, duration) => updateScenario(index, { start, duration }),
          onSelect: (index) => selectScenario(index),
        },
      ),
    [drafts, span, selected],
  )
  return <Chart title="Timeline (drag a bar to move it, its right edge to resize it)" draw={draw} testId="twin-timeline" />
}
