/**
 * The alert: what a detector found, in the schema of issue 6. Every alert names its detector and a category
 * from a closed set, says how bad (severity) and how sure (confidence 0..1), when (start/end), who (src and
 * dst address lists, capped, with their full counts), which ports, the observed value against the baseline
 * value, the evidence (flow ids), a plain-language explanation and the MITRE ATT&CK technique where one fits.
 */

export const ALERT_CATEGORIES = [
  'port-scan', 'host-sweep', 'syn-flood', 'udp-flood', 'icmp-flood', 'ddos', 'traffic-spike', 'protocol-mix',
  'brute-force', 'beaconing', 'dns-tunnel', 'exfiltration', 'lateral-movement', 'new-host', 'new-service', 'arp-spoof',
  'latency-shift', 'retransmission-storm', 'coordinated', 'payload-indicator', 'anomaly-score',
] as const
export type AlertCategory = (typeof ALERT_CATEGORIES)[number]

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]

export interface MitreTechnique {
  readonly id: string
  readonly name: string
}

/** ATT&CK techniques the detectors cite (https://attack.mitre.org/techniques/). */
export const MITRE = Object.freeze({
  networkServiceDiscovery: { id: 'T1046', name: 'Network Service Discovery' },
  remoteSystemDiscovery: { id: 'T1018', name: 'Remote System Discovery' },
  activeScanning: { id: 'T1595', name: 'Active Scanning' },
  networkFlood: { id: 'T1498.001', name: 'Network Denial of Service: Direct Network Flood' },
  reflectionAmplification: { id: 'T1498.002', name: 'Network Denial of Service: Reflection Amplification' },
  serviceExhaustionFlood: { id: 'T1499.002', name: 'Endpoint Denial of Service: Service Exhaustion Flood' },
  bruteForce: { id: 'T1110', name: 'Brute Force' },
  passwordGuessing: { id: 'T1110.001', name: 'Brute Force: Password Guessing' },
  applicationLayerProtocol: { id: 'T1071', name: 'Application Layer Protocol' },
  dnsProtocol: { id: 'T1071.004', name: 'Application Layer Protocol: DNS' },
  dga: { id: 'T1568.002', name: 'Dynamic Resolution: Domain Generation Algorithms' },
  exfilOverC2: { id: 'T1041', name: 'Exfiltration Over C2 Channel' },
  exfilAlternative: { id: 'T1048', name: 'Exfiltration Over Alternative Protocol' },
  remoteServices: { id: 'T1021', name: 'Remote Services' },
  arpPoisoning: { id: 'T1557.002', name: 'Adversary-in-the-Middle: ARP Cache Poisoning' },
  exploitPublicFacing: { id: 'T1190', name: 'Exploit Public-Facing Application' },
  nonStandardPort: { id: 'T1571', name: 'Non-Standard Port' },
  protocolTunneling: { id: 'T1572', name: 'Protocol Tunneling' },
  adversaryInTheMiddle: { id: 'T1557', name: 'Adversary-in-the-Middle' },
})

export interface Alert {
  /** Stable for the same finding in the same input and parameters (detector + what + when). */
  readonly id: string
  readonly detector: string
  readonly category: AlertCategory
  readonly severity: Severity
  /** 0..1: how sure the detector is that this is what the category says. */
  readonly confidence: number
  /** Seconds since the epoch. */
  readonly start: number
  readonly end: number
  /** Addresses acting (attackers, talkers) and acted upon (victims, targets), capped at MAX_LISTED. */
  readonly src: readonly string[]
  readonly dst: readonly string[]
  readonly srcCount: number
  readonly dstCount: number
  readonly ports: readonly number[]
  /** What was measured, its unit, the observed value and the value it was compared with. */
  readonly metric: string
  readonly unit: string
  readonly observed: number
  readonly baseline: number | null
  /** Where the comparison value came from: the learned baseline, the input itself, or the detector's default. */
  readonly baselineSource: 'baseline' | 'self' | 'default'
  /** Flow ids that show it (capped at MAX_EVIDENCE); evidenceCount is the full number. */
  readonly evidence: readonly number[]
  readonly evidenceCount: number
  readonly explanation: string
  readonly mitre: MitreTechnique | null
}

export const MAX_LISTED = 50
export const MAX_EVIDENCE = 200

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { info: 0, low: 1, medium: 2, high: 3, critical: 4 }

export function severityRank(s: Severity): number {
  return SEVERITY_RANK[s]
}

/** Severity from a 0..1 strength: a helper so detectors grade alike. */
export function severityFrom(strength: number): Severity {
  if (strength >= 0.9) return 'critical'
  if (strength >= 0.7) return 'high'
  if (strength >= 0.4) return 'medium'
  if (strength >= 0.15) return 'low'
  return 'info'
}

/** Orders alerts: most severe first, then most confident, then earliest. */
export function compareAlerts(a: Alert, b: Alert): number {
  return severityRank(b.severity) - severityRank(a.severity) || b.confidence - a.confidence || a.start - b.start || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
}
