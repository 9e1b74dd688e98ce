/**
 * The detection views, in the order the view list shows them: the alerts (with their detail), the baseline,
 * and the detector settings. Each has one paragraph for learners.
 */
import type { ViewDefinition } from '../views/view-definition.ts'
import { AlertsView } from './AlertsView.tsx'
import { BaselineView } from './BaselineView.tsx'
import { DetectorSettingsView } from './DetectorSettingsView.tsx'
import './detect.css'

export const detectViews: readonly ViewDefinition[] = [
  {
    id: 'alerts',
    label: 'Alerts',
    explanation:
      'Alerts are what nettwin\'s detectors found unusual: scans, floods, brute-force attempts, beacons, DNS tunnels, new hosts and more. ' +
      'Most compare the traffic with a baseline, what was normal in the first part of the file (30% by default), so an alert says how far ' +
      'a measure went past its normal band. While the file is still being read the alerts are provisional: they cover what was read so far. ' +
      'Click a category or severity to filter, a column title to sort, and a row to see the explanation, the flows that show it, and the ' +
      'traffic against the baseline. Severity says how bad it would be; confidence how sure the detector is.',
    component: AlertsView,
  },
  {
    id: 'baseline',
    label: 'Baseline',
    explanation:
      'The baseline is the twin\'s memory of normal traffic: typical rates per second (median and spread), which hosts talk to whom, on ' +
      'which services, with which protocol mix. Detectors compare the rest of the capture with it. Learn it from the first part of the file, ' +
      'from a time range you brush on the time series, from a baseline file, or from another saved session, and export it to reuse on other files.',
    component: BaselineView,
  },
  {
    id: 'detector-settings',
    label: 'Detector settings',
    explanation:
      'Every detector, the method it follows and its parameters with their defaults. Lower a threshold to catch quieter attacks (and more ' +
      'false alarms), raise it for fewer alerts. Apply runs the detectors again over the flows already read, without reading the file again.',
    component: DetectorSettingsView,
  },
]
