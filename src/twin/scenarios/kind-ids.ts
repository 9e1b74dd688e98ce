/**
 * The attack scenario kinds by id, in the order they are listed. Kept apart from kinds.ts (which imports every
 * generator) so the scenario file parser and the UI can name the kinds without pulling in the generators.
 */

export const SCENARIO_KIND_IDS = [
  'port-scan',
  'host-sweep',
  'syn-flood',
  'udp-flood',
  'icmp-flood',
  'distributed-flood',
  'reflection',
  'brute-force',
  'beaconing',
  'dns-tunnel',
  'exfiltration-slow',
  'exfiltration-bulk',
  'lateral-movement',
  'arp-spoof',
  'dns-poisoning',
  'web-injection',
  'rogue-host',
  'traffic-spike',
  'latency-degradation',
] as const

export type ScenarioKindId = (typeof SCENARIO_KIND_IDS)[number]

export function isScenarioKind(s: string): s is ScenarioKindId {
  return (SCENARIO_KIND_IDS as readonly string[]).includes(s)
}
