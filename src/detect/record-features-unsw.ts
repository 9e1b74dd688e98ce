/**
 * The capture detectors' decisions on one UNSW-NB15 record (https://research.unsw.edu.au/projects/unsw-nb15-dataset,
 * NUSW-NB15_features.csv): the flow's own Argus counters (state, spkts, dpkts, sbytes, dbytes, dur) and the ct_*
 * counts of connections among the 100 before it (ct_srv_src: same service and source; ct_dst_ltm: same
 * destination; ct_src_ltm: same source; ct_src_dport_ltm: same source and destination port; ct_dst_src_ltm: same
 * source and destination). Argus states: INT/REQ = no answer, CON/FIN = exchange, RST = reset.
 *
 * The counts are connections, not distinct ports or hosts, and the published sets do not keep them consistent
 * (a pair count above either of its single-address counts occurs). So the pair count is capped by both
 * marginals, and the number of distinct ports (hosts) is estimated as connections over repeats, taking this
 * record's own port (host) as typical: a scan touches each port about once, a client retrying a service repeats it.
 */
import { AUTH_SERVICES, bit, Rc, RULE_PARAMS } from './record-features-rules.ts'

/** One UNSW-NB15 record's inputs (counts over the past 100 connections), filled in place by the caller. */
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
  /** 0 when the table lacks the column: no cap. */
  ctDstLtm = 0
  /** 0 when the table lacks the column: no cap. */
  ctSrcLtm = 0
}

const n = (x: number): number => (Number.isFinite(x) && x > 0 ? x : 0)
/** x capped by a marginal count that is present (> 0). */
const capBy = (x: number, marginal: number): number => (marginal > 0 ? Math.min(x, marginal) : x)

/** flood.ts, port-scan.ts, host-sweep.ts, brute-force.ts on one UNSW-NB15 record: a mask of codes (record-features-rules.ts). */
export function classifyUnsw(r: UnswRow): number {
  const p = RULE_PARAMS
  let mask = 0
  // Floods: no window has a length, so only the flow itself gives a rate (packets toward the target per second).
  const dur = n(r.duration)
  const rate = dur > 0 ? n(r.spkts) / dur : 0
  const answered = n(r.dpkts) / Math.max(1, n(r.spkts))
  if (n(r.spkts) >= p.minPackets) {
    if (r.protocol === 'tcp' && n(r.dbytes) === 0 && answered < 1 - p.halfOpenRatio && rate >= p.synRate) mask |= bit(Rc.SynFlood)
    if (r.protocol === 'udp' && answered <= p.udpAnswerRatio && rate >= p.udpRate) mask |= bit(Rc.UdpFlood)
    if (r.protocol === 'icmp' && rate >= p.icmpRate) mask |= bit(Rc.IcmpFlood)
  }
  // Scan-like contacts only (first-contacts.ts): unanswered or reset, or nothing came back.
  const failed = r.state === 'INT' || r.state === 'REQ' || r.state === 'RST'
  if (!failed && n(r.dbytes) > 0) return mask
  const srcLtm = n(r.ctSrcLtm)
  const pair = capBy(capBy(n(r.ctDstSrcLtm), n(r.ctDstLtm)), srcLtm)
  const sameDport = capBy(n(r.ctSrcDportLtm), srcLtm)
  // Port scan: distinct ports of this host from this source ~ the pair's connections / connections per port.
  if (pair / Math.max(1, sameDport) >= p.portThreshold) mask |= bit(Rc.PortScan)
  // Host sweep: distinct hosts on this port from this source ~ the port's connections / connections per host.
  if (sameDport / Math.max(1, pair) >= p.hostThreshold) mask |= bit(Rc.HostSweep)
  const sameService = capBy(n(r.ctSrvSrc), srcLtm)
  if (AUTH_SERVICES.has(r.service)) {
    // Guessing: connections from this source to this service (ct_srv_src), this one login-sized.
    const attempt = dur <= p.maxAttemptSeconds && n(r.sbytes) + n(r.dbytes) <= p.maxAttemptBytes
    if (attempt && sameService >= p.loginThreshold) mask |= bit(Rc.BruteForce)
  }
  if (failed && sameService >= p.failedThreshold) mask |= bit(Rc.BruteForce)
  return mask
}
