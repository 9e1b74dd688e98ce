/**
 * The twin views, in the order of the view list: the Twin (fidelity, lesson packs, scenario builder, run,
 * exports) and the Scorecard of its last run. Each has one paragraph for learners.
 */
import type { ViewDefinition } from '../views/view-definition.ts'
import { ScorecardView } from './ScorecardView.tsx'
import { TwinView } from './TwinView.tsx'
import './twin.css'

export const twinViews: readonly ViewDefinition[] = [
  {
    id: 'twin',
    label: 'Twin',
    explanation:
      'A digital twin is a stand-in for your network: nettwin learns how the capture behaves and generates new traffic with the same mix of ' +
      'protocols, services, flow sizes and timing. Fidelity says how close it came. Then you play attacker: pick a lesson pack or build your ' +
      'own scenarios (scans, floods, brute force, beacons, DNS tunnels, exfiltration and more), place them on the timeline and run. nettwin injects ' +
      'them, runs its detectors and scores them; export the traffic and its labels to try other tools on the same truth.',
    component: TwinView,
  },
  {
    id: 'twin-scorecard',
    label: 'Scorecard',
    explanation:
      'How the detectors did against the attacks of the last twin run: for each attack and detector, whether it was detected, how soon, how much ' +
      'of the attack it flagged (recall) and how much of what it flagged was the attack (precision), plus the false alarms. The sensitivity curve ' +
      'shows the attack re-run at weaker strengths: the weakest one still caught says how much room the detector has.',
    component: ScorecardView,
  },
]
