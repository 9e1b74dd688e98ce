/**
 * Every detector, in the order they run and are listed in the settings panel, and lookups by id. Adding a
 * detector: write its file (id, method, params, run), import it here, add it to DETECTORS, add its tests.
 */
import type { Detector, Params } from './detector.ts'
import { defaultParams } from './detector.ts'
import { arpSpoof } from './arp-spoof.ts'
import { bruteForce } from './brute-force.ts'
import { ddos } from './ddos.ts'
import { flood } from './flood.ts'
import { hostSweep } from './host-sweep.ts'
import { payloadIndicator } from './payload-indicator.ts'
import { portScan } from './port-scan.ts'

export const DETECTORS: readonly Detector<Params>[] = [portScan, hostSweep, flood, ddos, bruteForce, arpSpoof, payloadIndicator]

export function detectorById(id: string): Detector<Params> | null {
  return DETECTORS.find((d) => d.id === id) ?? null
}

/** Description of every detector and its parameters, for a settings panel (JSON-able). */
export function detectorCatalog(): { id: string; name: string; method: string; categories: readonly string[]; modes: string; optIn: boolean; params: Detector['params']; defaults: Params }[] {
  return DETECTORS.map((d) => ({ id: d.id, name: d.name, method: d.method, categories: d.categories, modes: d.modes, optIn: d.optIn, params: d.params, defaults: defaultParams(d) }))
}
