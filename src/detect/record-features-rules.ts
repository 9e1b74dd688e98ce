/**
 * Per-record decisions for tables whose rows carry precomputed window features instead of addresses and times:
 * NSL-KDD / KDD'99 (http://kdd.ics.uci.edu/databases/kddcup99/task.html, Lee & Stolfo's "time-based" features
 * over the past 2 s and "host-based" features over the past 100 connections to the same host); the codes and
 * parameters shared with the UNSW-NB15 rules (record-features-unsw.ts).
 *
 * Each rule restates one capture detector's decision with that detector's default parameters (read from the
 * detector, never fitted to a table): a count a record reports for a short window is a lower bound of the
 * count in the detector's longer window that contains it, so "count >= threshold" keeps the detector's meaning.
 * Rates exist only where the window has a length (KDD's 2 s); the 100-connection windows have none, so only
 * count thresholds apply there. What a window counts is connections, never distinct ports or hosts: the
 * "connections to other services/hosts" the rates give stand in for distinct ones (an upper bound; a scan
 * touches each port about once, ordinary traffic repeats a few). KDD's windows are keyed by destination and
 * count every source's connections: where that makes a window measure the network rather than one sender
 * (the same-service window of common services), the rule is left out rather than loosened.
 */
import { bruteForce } from './brute-force.ts'
import { flood } from './flood.ts'
import { hostSweep } from './host-sweep.ts'
import { portScan } from './port-scan.ts'

/**
 * Category codes (RECORD_CATEGORIES[code] names them). A record gets a bit mask of them (bit `1 << code`), as a
 * capture's flows can be evidence of several alerts at once (a SYN flood across many ports is also a port scan).
 * 'malformed-packet' is the decoders' anomaly (land, bad fragments), not an alert category: it is counted and
 * reported by the evaluation but raises no alert.
 */
export const RECORD_CATEGORIES = ['', 'syn-flood', 'udp-flood', 'icmp-flood', 'port-scan', 'host-sweep', 'brute-force', 'malformed-packet'] as const
export const Rc = Object.freeze({ None: 0, SynFlood: 1, UdpFlood: 2, IcmpFlood: 3, PortScan: 4, HostSweep: 5, BruteForce: 6, Malformed: 7 })

/** The mask bit of one category code. */
export const bit = (code: number): number => 1 << code

/** Whether a record's mask holds the category. */
export const hasCode = (mask: number, code: number): boolean => (mask & (1 << code)) !== 0

/** The capture detectors' defaults these rules apply. */
export const RULE_PARAMS = Object.freeze({
  synRate: flood.params.synRate.default,
  halfOpenRatio: flood.params.halfOpenRatio.default,
  udpRate: flood.params.udpRate.default,
  udpAnswerRatio: flood.params.udpAnswerRatio.default,
  icmpRate: flood.params.icmpRate.default,
  minPackets: flood.params.minPackets.default,
  portThreshold: portScan.params.threshold.default,
  portTrwFailures: portScan.params.minTrwTargets.default,
  hostThreshold: hostSweep.params.threshold.default,
  fastHostThreshold: hostSweep.params.fastThreshold.default,
  loginThreshold: bruteForce.params.threshold.default,
  maxAttemptSeconds: bruteForce.params.maxAttemptSeconds.default,
  maxAttemptBytes: bruteForce.params.maxAttemptBytes.default,
  failedThreshold: bruteForce.params.failedThreshold.default,
})

/** KDD's time-based window (seconds). */
export const KDD_WINDOW_SECONDS = 2

/** Authentication services (brute-force.ts AUTH_TCP/AUTH_UDP) as KDD and UNSW name them after normalisation. */
export const AUTH_SERVICES = new Set([
  'ftp', 'ssh', 'telnet', 'smtp', 'pop2', 'pop3', 'imap', 'ldap', 'netbios-ssn', 'login', 'klogin', 'kshell', 'exec',
  'sqlnet', 'snmp', 'radius', 'mysql', 'rdp', 'vnc',
])

/** One KDD record's inputs, filled in place by the caller (no object per row). */
export class KddRow {
  protocol = ''
  service = ''
  /** KDD's flag column: Zeek conn_state names. */
  flag = ''
  duration = 0
  srcBytes = 0
  dstBytes = 0
  /** 1 when source and destination address and port are equal (the "land" packet). */
  land = 0
  /** Fragments with a wrong offset or size in the connection (KDD's wrong_fragment). */
  wrongFragment = 0
  numFailedLogins = 0
  count = 0
  srvCount = 0
  serrorRate = 0
  rerrorRate = 0
  sameSrvRate = 0
  diffSrvRate = 0
  srvDiffHostRate = 0
  dstHostCount = 0
  dstHostSrvCount = 0
  dstHostDiffSrvRate = 0
  /** Share of the 100-connection window's same-service connections that went to other hosts. */
  dstHostSrvDiffHostRate = 0
  /** Shares of the same-service connections in that window that were half-open (S0) or refused (REJ). */
  dstHostSrvSerrorRate = 0
  dstHostSrvRerrorRate = 0
}

const ICMP_ERRORS = new Set(['icmp-unreachable', 'icmp-redirect'])
/** flow-outcome.ts tcpOutcome: conn_states of a failed attempt (REJ, half-open, reset before any answer). */
const FAILED_FLAGS = new Set(['S0', 'REJ', 'RSTOS0', 'SH', 'RSTRH', 'SHR'])
/** flow-outcome.ts isProbe: at most this many payload bytes sent and none back. */
const PROBE_PAYLOAD = 100
const n = (x: number): number => (Number.isFinite(x) && x > 0 ? x : 0)

/** flood.ts, port-scan.ts, host-sweep.ts, brute-force.ts (and the decoders' anomalies) on one KDD record: a mask of codes. */
export function classifyKdd(r: KddRow): number {
  const p = RULE_PARAMS
  const w = KDD_WINDOW_SECONDS
  const count = n(r.count)
  let mask = 0
  // What the decoders flag as anomalies: a packet whose source equals its destination (land), and fragments
  // that overlap or overrun (teardrop's overlapping offsets, ping of death's reassembly past 65,535 bytes).
  if (n(r.land) > 0 || n(r.wrongFragment) > 0) mask |= bit(Rc.Malformed)
  // SYN flood: attempts toward the host that never completed a handshake at >= synRate over the 2 s window.
  // flood.ts counts every SYN without a handshake as half-open, refused (REJ: rerror) as well as unanswered (S0:
  // serror), and wants them to be at least halfOpenRatio of the attempts.
  const halfOpenShare = Math.min(1, n(r.serrorRate) + n(r.rerrorRate))
  const halfOpen = count * halfOpenShare
  if (r.protocol === 'tcp' && halfOpenShare >= p.halfOpenRatio && halfOpen >= p.minPackets && halfOpen / w >= p.synRate) mask |= bit(Rc.SynFlood)
  // UDP/ICMP floods: same host and same service in the window (count x same_srv_rate).
  const sameService = count * n(r.sameSrvRate)
  if (r.protocol === 'udp' && n(r.dstBytes) === 0 && sameService >= p.minPackets && sameService / w >= p.udpRate) mask |= bit(Rc.UdpFlood)
  if (r.protocol === 'icmp' && !ICMP_ERRORS.has(r.service) && sameService >= p.minPackets && sameService / w >= p.icmpRate) mask |= bit(Rc.IcmpFlood)
  // The scan and brute-force detectors count only scan-like contacts (first-contacts.ts isScanLike: failed or
  // probe-sized), so a record that is neither is never one of their evidence flows.
  const failed = FAILED_FLAGS.has(r.flag) || (r.protocol === 'udp' && n(r.dstBytes) === 0)
  const echo = r.service === 'icmp-echo'
  const probe = echo || (r.protocol !== 'icmp' && n(r.srcBytes) <= PROBE_PAYLOAD && n(r.dstBytes) === 0)
  if (!failed && !probe && n(r.numFailedLogins) === 0) return mask
  // Port scan: connections to other services of the same host, in the 2 s or the 100-connection window.
  const otherServices = Math.max(count * n(r.diffSrvRate), n(r.dstHostCount) * n(r.dstHostDiffSrvRate))
  if (otherServices >= p.portThreshold) mask |= bit(Rc.PortScan)
  // Its random-walk path: fewer services, but most attempts on the host failed (refused or unanswered).
  else if (count * n(r.diffSrvRate) >= p.portTrwFailures && halfOpenShare >= 0.5 && halfOpen >= p.portTrwFailures) mask |= bit(Rc.PortScan)
  // Host sweep: connections to the same service on other hosts in the 2 s window (within the fast window), and
  // probes need only the fast threshold.
  const otherHosts2s = n(r.srvCount) * n(r.srvDiffHostRate)
  if ((probe && otherHosts2s >= p.fastHostThreshold) || otherHosts2s >= p.hostThreshold) mask |= bit(Rc.HostSweep)
  // The 100-connection window of the same service (dst_host_srv_count, dst_host_srv_diff_host_rate: the share
  // to other hosts) counts every source's connections, so for services that many clients use it measures how
  // many servers a network has, not a sweep. Echo requests are bare probes whichever host sends them: for them
  // the window is host-sweep.ts's count of probed hosts, against its threshold (the window has no length, so
  // not the fast one).
  else if (echo && n(r.dstHostSrvCount) * n(r.dstHostSrvDiffHostRate) >= p.hostThreshold) mask |= bit(Rc.HostSweep)
  if (AUTH_SERVICES.has(r.service)) {
    // Guessing: this record a login-sized attempt with a failed login or a refusal, among at least loginThreshold
    // failing connections to the service in the 100-connection window (its serror/rerror shares). All the
    // service's connections would count a busy mail server's clients, where a few half-open ones are normal.
    const attempt = n(r.duration) <= p.maxAttemptSeconds && n(r.srcBytes) + n(r.dstBytes) <= p.maxAttemptBytes
    const failing = failed || n(r.numFailedLogins) > 0
    const failures = n(r.dstHostSrvCount) * Math.min(1, n(r.dstHostSrvSerrorRate) + n(r.dstHostSrvRerrorRate))
    if (attempt && failing && failures >= p.loginThreshold) mask |= bit(Rc.BruteForce)
  }
  // brute-force.ts's other finding, many refused connections from one source to one service, has no KDD
  // counterpart: the host-based windows count every source's connections, so a service down for all its
  // clients would look the same.
  return mask
}

