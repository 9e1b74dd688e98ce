/**
 * Per-record decisions for tables whose rows carry precomputed window features instead of addresses and times:
 * NSL-KDD / KDD'99 (http://kdd.ics.uci.edu/databases/kddcup99/task.html, Lee & Stolfo's "time-based" features
 * over the past 2 s and "host-based" features over the past 100 connections to the same host) and the
 * UNSW-NB15 training/testing sets (NUSW-NB15_features.csv: ct_* counts over the past 100 connections).
 *
 * Each rule restates one capture detector's decision with that detector's default parameters (read from the
 * detector, never fitted to a table): a count a record reports for a short window is a lower bound of the
 * count in the detector's longer window that contains it, so "count >= threshold" keeps the detector's meaning.
 * Rates exist only where the window has a length (KDD's 2 s); the 100-connection windows have none, so only
 * count thresholds apply there. What a window counts is connections, never distinct ports or hosts: the
 * "connections to other services/hosts" the rates give stand in for distinct ones (an upper bound; a scan
 * touches each port about once, ordinary traffic repeats a few).
 */
import { bruteForce } from './brute-force.ts'
import { flood } from './flood.ts'
import { hostSweep } from './host-sweep.ts'
import { portScan } from './port-scan.ts'

/** Category codes per record (0: not flagged); RECORD_CATEGORIES[code] names them. */
export const RECORD_CATEGORIES = ['', 'syn-flood', 'udp-flood', 'icmp-flood', 'port-scan', 'host-sweep', 'brute-force'] as const
export const Rc = Object.freeze({ None: 0, SynFlood: 1, UdpFlood: 2, IcmpFlood: 3, PortScan: 4, HostSweep: 5, BruteForce: 6 })

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
}

const ICMP_ERRORS = new Set(['icmp-unreachable', 'icmp-redirect'])
/** flow-outcome.ts tcpOutcome: conn_states of a failed attempt (REJ, half-open, reset before any answer). */
const FAILED_FLAGS = new Set(['S0', 'REJ', 'RSTOS0', 'SH', 'RSTRH', 'SHR'])
/** flow-outcome.ts isProbe: at most this many payload bytes sent and none back. */
const PROBE_PAYLOAD = 100
const n = (x: number): number => (Number.isFinite(x) && x > 0 ? x : 0)

/** flood.ts, port-scan.ts, host-sweep.ts, brute-force.ts on one KDD record; flood first, as a flood's refusals are not guessing. */
export function classifyKdd(r: KddRow): number {
  const p = RULE_PARAMS
  const w = KDD_WINDOW_SECONDS
  const count = n(r.count)
  // SYN flood: half-open attempts toward the host (count x serror_rate) at >= synRate over the 2 s window.
  const halfOpen = count * n(r.serrorRate)
  if (r.protocol === 'tcp' && n(r.serrorRate) >= p.halfOpenRatio && halfOpen >= p.minPackets && halfOpen / w >= p.synRate) return Rc.SynFlood
  // UDP/ICMP floods: same host and same service in the window (count x same_srv_rate).
  const sameService = count * n(r.sameSrvRate)
  if (r.protocol === 'udp' && n(r.dstBytes) === 0 && sameService >= p.minPackets && sameService / w >= p.udpRate) return Rc.UdpFlood
  if (r.protocol === 'icmp' && !ICMP_ERRORS.has(r.service) && sameService >= p.minPackets && sameService / w >= p.icmpRate) return Rc.IcmpFlood
  // The scan and brute-force detectors count only scan-like contacts (first-contacts.ts isScanLike: failed or
  // probe-sized), so a record that is neither is never one of their evidence flows.
  const failed = FAILED_FLAGS.has(r.flag) || (r.protocol === 'udp' && n(r.dstBytes) === 0)
  const probe = r.service === 'icmp-echo' || (r.protocol !== 'icmp' && n(r.srcBytes) <= PROBE_PAYLOAD && n(r.dstBytes) === 0)
  if (!failed && !probe && n(r.numFailedLogins) === 0) return Rc.None
  // Port scan: connections to other services of the same host, in the 2 s or the 100-connection window.
  const otherServices = Math.max(count * n(r.diffSrvRate), n(r.dstHostCount) * n(r.dstHostDiffSrvRate))
  if (otherServices >= p.portThreshold) return Rc.PortScan
  // Its random-walk path: fewer services, but most attempts on the host failed (refused or unanswered).
  const failedShare = Math.min(1, n(r.serrorRate) + n(r.rerrorRate))
  if (count * n(r.diffSrvRate) >= p.portTrwFailures && failedShare >= 0.5 && count * failedShare >= p.portTrwFailures) return Rc.PortScan
  // Host sweep: connections to the same service on other hosts in the 2 s window (within the fast window), and
  // probes need only the fast threshold.
  const otherHosts2s = n(r.srvCount) * n(r.srvDiffHostRate)
  if (probe && otherHosts2s >= p.fastHostThreshold) return Rc.HostSweep
  // dst_host_srv_diff_host_rate is left out: it counts connections to this host's service from other sources
  // (fan-in), not one source reaching other hosts.
  if (otherHosts2s >= p.hostThreshold) return Rc.HostSweep
  if (AUTH_SERVICES.has(r.service)) {
    // Guessing: login-sized connections to the host's service in the window, this one among them, with failed logins or refusals.
    const attempt = n(r.duration) <= p.maxAttemptSeconds && n(r.srcBytes) + n(r.dstBytes) <= p.maxAttemptBytes
    const failing = failed || n(r.numFailedLogins) > 0
    if (attempt && failing && n(r.dstHostSrvCount) >= p.loginThreshold) return Rc.BruteForce
  }
  // brute-force.ts's other finding, many refused connections from one source to one service, has no KDD
  // counterpart: the host-based windows count every source's connections, so a service down for all its
  // clients would look the same.
  return Rc.None
}

/** One UNSW-NB15 record's inputs (counts over the past 100 connections). */
export class UnswRow {
  protocol = ''
  service = ''
  state = ''
  duration = 0
  spkts = 0
  dpkts = 0
  sbytes = 0
  dbytes = 0
  ctSrvSrc = 0
  ctSrcDportLtm = 0
  ctDstSrcLtm = 0
}

/** The same detectors on one UNSW-NB15 record. Argus states: INT/REQ = no answer, CON/FIN = exchange, RST = reset. */
export function classifyUnsw(r: UnswRow): number {
  const p = RULE_PARAMS
  // Floods: no window has a length, so only the flow itself gives a rate (packets toward the target per second).
  const dur = n(r.duration)
  const rate = dur > 0 ? n(r.spkts) / dur : 0
  const answered = n(r.dpkts) / Math.max(1, n(r.spkts))
  if (n(r.spkts) >= p.minPackets) {
    if (r.protocol === 'tcp' && n(r.dbytes) === 0 && answered < 1 - p.halfOpenRatio && rate >= p.synRate) return Rc.SynFlood
    if (r.protocol === 'udp' && answered <= p.udpAnswerRatio && rate >= p.udpRate) return Rc.UdpFlood
    if (r.protocol === 'icmp' && rate >= p.icmpRate) return Rc.IcmpFlood
  }
  // Scan-like contacts only (first-contacts.ts): unanswered or reset, or nothing came back.
  const failed = r.state === 'INT' || r.state === 'REQ' || r.state === 'RST'
  if (!failed && n(r.dbytes) > 0) return Rc.None
  // Port scan: connections from this source to this host, less those to this very port (ct_dst_src - ct_src_dport).
  const otherPorts = n(r.ctDstSrcLtm) - n(r.ctSrcDportLtm)
  if (otherPorts >= p.portThreshold) return Rc.PortScan
  // Host sweep: connections from this source to this port, less those to this very host.
  const otherHosts = n(r.ctSrcDportLtm) - n(r.ctDstSrcLtm)
  if (otherHosts >= p.hostThreshold) return Rc.HostSweep
  if (AUTH_SERVICES.has(r.service)) {
    // Guessing: connections from this source to this service (ct_srv_src), this one login-sized.
    const attempt = dur <= p.maxAttemptSeconds && n(r.sbytes) + n(r.dbytes) <= p.maxAttemptBytes
    if (attempt && n(r.ctSrvSrc) >= p.loginThreshold) return Rc.BruteForce
  }
  if (failed && n(r.ctSrvSrc) >= p.failedThreshold) return Rc.BruteForce
  return Rc.None
}
