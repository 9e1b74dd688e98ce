/**
 * Every detector, in the order they run and are listed in the settings panel, and lookups by id. Adding a
 * detector: write its file (id, method, params, run), import it here, add it to DETECTORS, add its tests.
 */
import { anomalyScore } from './anomaly-score.ts'
import { arpSpoof } from './arp-spoof.ts'
import { beaconing } from './beaconing.ts'
import { bruteForce } from './brute-force.ts'
import { coordinated } from './coordinated.ts'
import { ddos } from './ddos.ts'
import type { Detector, Params } from './detector.ts'
import { defaultParams } from './detector.ts'
import { dnsSpoof } from './dns-spoof.ts'
import { dnsTunnel } from './dns-tunnel.ts'
import { exfiltration } from './exfiltration.ts'
import { flood } from './flood.ts'
import { hostSweep } from './host-sweep.ts'
import { latencyShift } from './latency-shift.ts'
import { lateralMovement } from './lateral-movement.ts'
import { newEntities } from './new-entities.ts'
import { payloadIndicator } from './payload-indicator.ts'
import { portScan } from './port-scan.ts'
import { protocolMix } from './protocol-mix.ts'
import { trafficSpike } from './traffic-spike.ts'

export const DETECTORS: readonly Detector<Params>[] = [
  portScan, hostSweep, flood, ddos, bruteForce, trafficSpike, protocolMix, newEntities, beaconing, dnsTunnel,
  exfiltration, lateralMovement, arpSpoof, dnsSpoof, latencyShift, coordinated, payloadIndicator, anomalyScore,
]

export function detectorById(id: string): Detector<Params> | null {
  return DETECTORS.find((d) => d.id === id) ?? null
}

export interface DetectorInfo {
  readonly id: string
  readonly name: string
  readonly method: string
  readonly categories: readonly string[]
  readonly modes: 'both' | 'baseline'
  readonly optIn: boolean
  readonly params: Detector['params']
  readonly defaults: Params
}

/** Description of every detector and its parameters, for a settings panel (JSON-able). */
export function detectorCatalog(): DetectorInfo[] {
  return DETECTORS.map((d) => ({ id: d.id, name: d.name, method: d.method, categories: d.categories, modes: d.modes, optIn: d.optIn, params: d.params, defaults: defaultParams(d) }))
}
