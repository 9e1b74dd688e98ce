/**
 * Every scenario kind with its defaults, plain-words description and the alert categories and detectors meant
 * to catch it (SCENARIO_KINDS), in the order of SCENARIO_KIND_IDS, and a JSON-able catalogue for a UI.
 */
import { arpSpoof } from './kinds/arp-spoof.ts'
import { beaconing } from './kinds/beaconing.ts'
import { bruteForce } from './kinds/brute-force.ts'
import { distributedFlood } from './kinds/distributed-flood.ts'
import { dnsPoisoning } from './kinds/dns-poisoning.ts'
import { dnsTunnel } from './kinds/dns-tunnel.ts'
import { exfiltrationBulk, exfiltrationSlow } from './kinds/exfiltration.ts'
import { icmpFlood, synFlood, udpFlood } from './kinds/floods.ts'
import { hostSweep } from './kinds/host-sweep.ts'
import { latencyDegradation } from './kinds/latency-degradation.ts'
import { lateralMovement } from './kinds/lateral-movement.ts'
import { portScan } from './kinds/port-scan.ts'
import { reflection } from './kinds/reflection.ts'
import { rogueHost } from './kinds/rogue-host.ts'
import { trafficSpike } from './kinds/traffic-spike.ts'
import { webInjection } from './kinds/web-injection.ts'
import { SCENARIO_KIND_IDS, type ScenarioKindId } from './kind-ids.ts'
import type { HostDefault, ScenarioKind } from './scenario-run.ts'

const ALL: readonly ScenarioKind[] = [
  portScan, hostSweep, synFlood, udpFlood, icmpFlood, distributedFlood, reflection, bruteForce, beaconing, dnsTunnel,
  exfiltrationSlow, exfiltrationBulk, lateralMovement, arpSpoof, dnsPoisoning, webInjection, rogueHost, trafficSpike,
  latencyDegradation,
]

/** The kinds by id, in SCENARIO_KIND_IDS order. */
export const SCENARIO_KINDS: readonly ScenarioKind[] = SCENARIO_KIND_IDS.map((id) => {
  const k = ALL.find((x) => x.id === id)
  if (k === undefined) throw new Error(`scenario kind ${id} has no generator`)
  return k
})

export function scenarioKind(id: ScenarioKindId): ScenarioKind {
  const k = SCENARIO_KINDS.find((x) => x.id === id)
  if (k === undefined) throw new RangeError(`unknown scenario kind ${id}`)
  return k
}

export interface ScenarioKindInfo {
  readonly id: ScenarioKindId
  readonly title: string
  readonly description: string
  readonly intensityMeaning: string
  readonly categories: readonly string[]
  readonly detectors: readonly string[]
  readonly lookFor: string
  readonly defaultDuration: number
  readonly attacker: HostDefault
  readonly target: HostDefault
}

/** What a scenario builder lists (plain data). */
export function scenarioCatalog(): ScenarioKindInfo[] {
  return SCENARIO_KINDS.map((k) => ({
    id: k.id, title: k.title, description: k.description, intensityMeaning: k.intensityMeaning, categories: k.categories,
    detectors: k.detectors, lookFor: k.lookFor, defaultDuration: k.defaultDuration, attacker: k.attacker, target: k.target,
  }))
}
