/**
 * Built-in lessons for a class: each pack is a small scenario set (kinds from SCENARIO_KINDS placed at shares
 * of the traffic's span, so one pack fits a twin of any length) and a short plain-language text on what to look
 * for in nettwin's views once the attack is in the traffic. Engine data only: the Twin view lists them, the
 * worker turns the chosen one into a ScenarioSet (packScenarioSet) and scores it like any other set.
 */
import type { ScenarioKindId } from '../scenarios/kind-ids.ts'
import { checkScenarioSet, type ScenarioSet } from '../scenarios/schema.ts'

export interface PackScenario {
  readonly kind: ScenarioKindId
  /** Where the attack starts, as a share (0..1) of the traffic's span. */
  readonly startFraction: number
  /** Multiplier of the kind's default strength (default 1). */
  readonly intensity?: number
}

export interface LessonPack {
  /** Stable, URL-safe id. */
  readonly id: string
  readonly title: string
  /** One or two sentences: what the attacks are. */
  readonly summary: string
  /** What to look for in nettwin's views, in plain words (a short paragraph). */
  readonly lookFor: string
  /** How long the ordinary traffic should last for the lesson, seconds (the longest attack fits with room). */
  readonly trafficSeconds: number
  readonly scenarios: readonly PackScenario[]
}

export const LESSON_PACKS: readonly LessonPack[] = [
  {
    id: 'scans',
    title: 'Scans',
    summary: 'Before attacking, an intruder maps the network: which machines are up (a sweep) and which services one of them offers (a port scan).',
    lookFor:
      'Open Alerts: the port-scan and host-sweep detectors should name the scanner. Then look at the Connections table filtered on the ' +
      "scanner's address: hundreds of short connections that never complete, each to a different port (the scan) or a different host " +
      '(the sweep). The Topology view shows the sweeper as a star touching many hosts it never talked to before.',
    trafficSeconds: 600,
    scenarios: [
      { kind: 'port-scan', startFraction: 0.35 },
      { kind: 'host-sweep', startFraction: 0.65 },
    ],
  },
  {
    id: 'floods',
    title: 'Floods',
    summary: 'A denial of service: one outside machine buries a server under half-open TCP connections, then under UDP datagrams.',
    lookFor:
      'The Time series shows two towers of packets standing far above the normal band. In Protocols the UDP share jumps during the ' +
      'second one. In the Connections table the SYN flood is a wall of connections in state S0 (a SYN, no answer completed) to one ' +
      'port; the flood detector names the source and the victim in Alerts.',
    trafficSeconds: 600,
    scenarios: [
      { kind: 'syn-flood', startFraction: 0.4 },
      { kind: 'udp-flood', startFraction: 0.7 },
    ],
  },
  {
    id: 'brute-force',
    title: 'Brute force',
    summary: 'An outside machine guesses passwords against a login service, one short connection per guess.',
    lookFor:
      'In the Connections table sort by source: one outside address opens dozens of connections to the same port of one server, each ' +
      'a few packets long and nearly the same size (a failed login looks the same every time). The brute-force detector counts these ' +
      'attempts per minute and raises an alert naming both ends.',
    trafficSeconds: 600,
    scenarios: [{ kind: 'brute-force', startFraction: 0.4 }],
  },
  {
    id: 'c2-beacons',
    title: 'C2 beacons',
    summary: 'Malware on an inside machine checks in with its controller outside at a steady rhythm, waiting for orders.',
    lookFor:
      'Each beacon is small and looks harmless; the clue is the clock. Filter the Connections table on the outside address: the ' +
      'connections start at nearly equal gaps, like a heartbeat. The beaconing detector measures how regular those gaps are; it needs ' +
      'a few dozen check-ins, so the lesson runs for an hour of traffic.',
    trafficSeconds: 3600,
    scenarios: [{ kind: 'beaconing', startFraction: 0.3 }],
  },
  {
    id: 'dns-tunnels',
    title: 'DNS tunnels',
    summary: 'An inside machine smuggles data out inside DNS look-ups: each name it asks for carries a piece of a file.',
    lookFor:
      'Ordinary names are short and readable (www.example.com); tunnel names are long and random-looking, all under one domain, and ' +
      'there are hundreds of them from one client. Look at the DNS names in the host details of the client and at the dns-tunnel alert, ' +
      'which reports the domain, how many names and how random they look.',
    trafficSeconds: 600,
    scenarios: [{ kind: 'dns-tunnel', startFraction: 0.4 }],
  },
  {
    id: 'exfiltration',
    title: 'Exfiltration',
    summary: 'Stolen data leaves the network: once as one big upload, once as a slow trickle spread over half an hour.',
    lookFor:
      'Sort the Conversations table by bytes: the inside host sends far more to one new outside address than it receives back. The bulk ' +
      'upload also shows as a spike of bytes out in the Time series; the slow leak does not stand out in any minute, only in the total, ' +
      'which is why the exfiltration detector sums bytes per pair over the whole capture.',
    trafficSeconds: 3600,
    scenarios: [
      { kind: 'exfiltration-bulk', startFraction: 0.35 },
      { kind: 'exfiltration-slow', startFraction: 0.45 },
    ],
  },
]

export function lessonPack(id: string): LessonPack | null {
  return LESSON_PACKS.find((p) => p.id === id) ?? null
}

/**
 * The pack as a scenario set for traffic lasting `spanSeconds`: each attack starts at its share of the span
 * (whole seconds), attackers and targets take their kinds' defaults. Validated by the scenario file's own
 * strict reader, so a pack can never hold what a scenario file may not.
 */
export function packScenarioSet(pack: LessonPack, spanSeconds: number, seed: number): ScenarioSet {
  const span = Number.isFinite(spanSeconds) && spanSeconds > 0 ? spanSeconds : pack.trafficSeconds
  return checkScenarioSet({
    version: 1,
    seed,
    scenarios: pack.scenarios.map((s, i) => ({
      id: `${pack.id}-${i + 1}-${s.kind}`,
      kind: s.kind,
      start: Math.floor(span * Math.min(1, Math.max(0, s.startFraction))),
      ...(s.intensity !== undefined ? { intensity: s.intensity } : {}),
    })),
  })
}
