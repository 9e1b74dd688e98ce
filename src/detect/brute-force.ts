/**
 * Brute force and repeated failed connections: per (source, target, service), the connections within a sliding
 * window. On authentication services (SSH, FTP, Telnet, RDP, SMB, mail, databases, VNC, WinRM, LDAP, ...) a
 * run of short, small connections is a password-guessing run; Zeek's defaults are the starting thresholds
 * (policy/protocols/ftp/detect-bruteforcing.zeek: 20 failed logins in 15 minutes; ssh/detect-bruteforcing.zeek:
 * 30 guesses in 30 minutes). Logins are not visible in encrypted protocols, so a connection that ends quickly
 * after a little data counts as an attempt, and similar sizes across attempts raise the confidence. On any
 * service, many refused or unanswered connections to the same target are reported too (lower severity).
 */
import { FlowKind, IPPROTO_TCP, IPPROTO_UDP } from '../flows/flow-key.ts'
import { Outcome } from '../baseline/flow-outcome.ts'
import { MITRE, severityFrom, type Alert } from './alert.ts'
import type { DetectContext } from './context.ts'
import { portFlags } from './port-flags.ts'
import type { Detector } from './detector.ts'

const FLOOD_RATE = 50

export type BruteForceParams = {
  windowSeconds: number
  threshold: number
  maxAttemptSeconds: number
  maxAttemptBytes: number
  failedThreshold: number
}

const AUTH_TCP = new Map<number, string>([
  [21, 'FTP'], [22, 'SSH'], [23, 'Telnet'], [25, 'SMTP'], [110, 'POP3'], [143, 'IMAP'], [389, 'LDAP'], [445, 'SMB'],
  [139, 'NetBIOS/SMB'], [465, 'SMTPS'], [587, 'SMTP submission'], [636, 'LDAPS'], [993, 'IMAPS'], [995, 'POP3S'],
  [1433, 'MS SQL'], [1521, 'Oracle'], [3306, 'MySQL'], [3389, 'RDP'], [5432, 'PostgreSQL'], [5900, 'VNC'],
  [5985, 'WinRM'], [5986, 'WinRM'], [6379, 'Redis'], [27017, 'MongoDB'], [512, 'rexec'], [513, 'rlogin'],
])
// Kerberos (88) is left out: ticket requests come in bursts by design, and telling a failed pre-authentication
// from a granted ticket needs the KRB-ERROR codes, which nettwin does not decode.
const AUTH_UDP = new Map<number, string>([[161, 'SNMP'], [1812, 'RADIUS']])
/** AUTH_TCP and AUTH_UDP as port tables, for the per-flow test. */
const AUTH_TCP_PORT = portFlags(AUTH_TCP.keys())
const AUTH_UDP_PORT = portFlags(AUTH_UDP.keys())

export const bruteForce: Detector<BruteForceParams> = {
  id: 'brute-force',
  name: 'Brute force and repeated failed connections',
  method: 'Short, small connections per source, target and authentication service over a sliding window (Zeek detect-bruteforcing thresholds), plus refused connections per service',
  categories: ['brute-force'],
  modes: 'both',
  optIn: false,
  params: {
    windowSeconds: { default: 900, min: 1, max: 86400, unit: 's', label: 'Window', help: 'Sliding window (Zeek FTP: 15 min).' },
    threshold: { default: 20, min: 2, max: 1e6, integer: true, label: 'Attempts', help: 'Login-sized connections to one authentication service within the window (Zeek FTP: 20).' },
    maxAttemptSeconds: { default: 30, min: 0.1, max: 3600, unit: 's', label: 'Attempt length', help: 'Longer connections are sessions, not guesses.' },
    maxAttemptBytes: { default: 20000, min: 100, max: 1e8, unit: 'bytes', label: 'Attempt size', help: 'Payload both ways above which a connection carried a real session.' },
    failedThreshold: { default: 50, min: 2, max: 1e7, integer: true, label: 'Refused connections', help: 'Refused or unanswered connections to one service of one host within the window, any service.' },
  },
  run(ctx, p) {
    const c = ctx.c
    // Groups by source, then by (destination, protocol, port) as one exact integer (no text key per flow), and
    // in the order first seen, the order they are judged in.
    const bySource = new Map<number, Map<number, Group>>()
    const groups: Group[] = []
    for (let id = 0; id < ctx.count; id++) {
      if (c.kind[id] !== FlowKind.IP) continue
      const proto = c.proto[id]
      if (proto !== IPPROTO_TCP && proto !== IPPROTO_UDP) continue
      if (!ctx.classes.isHost(c.respAddr[id])) continue
      // Only authentication services and failed attempts can make either finding.
      if ((proto === IPPROTO_TCP ? AUTH_TCP_PORT : AUTH_UDP_PORT)[c.respPort[id]] !== 1 && ctx.outcomes[id] !== Outcome.Failure) continue
      let byTarget = bySource.get(c.origAddr[id])
      if (byTarget === undefined) {
        byTarget = new Map()
        bySource.set(c.origAddr[id], byTarget)
      }
      // Address ids are below 2^32, the protocol is TCP or UDP (one bit) and ports below 2^16: under 2^49.
      const key = (c.respAddr[id] * 2 + (proto === IPPROTO_TCP ? 0 : 1)) * 65536 + c.respPort[id]
      let g = byTarget.get(key)
      if (g === undefined) {
        g = { src: c.origAddr[id], dst: c.respAddr[id], port: c.respPort[id], proto, flows: [] }
        byTarget.set(key, g)
        groups.push(g)
      }
      g.flows.push(id)
    }
    const out: Alert[] = []
    for (const g of groups) {
      if (g.flows.length < Math.min(p.threshold, p.failedThreshold)) continue
      const service = (g.proto === IPPROTO_TCP ? AUTH_TCP : AUTH_UDP).get(g.port) ?? null
      const a = service !== null ? guessing(ctx, g, service, p) : null
      if (a !== null) out.push(a)
      else {
        const f = refused(ctx, g, p)
        if (f !== null) out.push(f)
      }
    }
    return out
  },
}

type Group = { src: number; dst: number; port: number; proto: number; flows: number[] }

/** Largest number of flows (by start time) within the window, and where it starts. */
function busiest(ctx: DetectContext, flows: readonly number[], seconds: number): { count: number; start: number } {
  let best = { count: 0, start: 0 }
  let lo = 0
  for (let hi = 0; hi < flows.length; hi++) {
    while (ctx.c.first[flows[hi]] - ctx.c.first[flows[lo]] > seconds) lo++
    if (hi - lo + 1 > best.count) best = { count: hi - lo + 1, start: lo }
  }
  return best
}

function guessing(ctx: DetectContext, g: Group, service: string, p: BruteForceParams): Alert | null {
  const c = ctx.c
  const attempts = g.flows.filter((id) => c.last[id] - c.first[id] <= p.maxAttemptSeconds && c.origPayload[id] + c.respPayload[id] <= p.maxAttemptBytes)
  const w = busiest(ctx, attempts, p.windowSeconds)
  if (w.count < p.threshold) return null
  const inWindow = attempts.slice(w.start, w.start + w.count)
  const sizes = inWindow.map((id) => c.origPayload[id])
  const mean = sizes.reduce((s, x) => s + x, 0) / sizes.length
  const sd = Math.sqrt(sizes.reduce((s, x) => s + (x - mean) ** 2, 0) / sizes.length)
  const uniform = mean > 0 ? Math.max(0, 1 - sd / mean) : 0.5
  const failed = inWindow.filter((id) => ctx.outcomes[id] === Outcome.Failure).length
  const first = c.first[inWindow[0]]
  const last = c.last[inWindow[inWindow.length - 1]]
  const excess = Math.min(1, Math.log10(w.count / p.threshold + 1) * 1.5)
  return ctx.alert({
    detector: 'brute-force',
    category: 'brute-force',
    severity: severityFrom(0.45 + 0.4 * excess + 0.1 * uniform),
    confidence: Math.min(0.95, 0.5 + 0.25 * uniform + 0.2 * excess),
    start: first,
    end: last,
    src: [g.src],
    dst: [g.dst],
    ports: [g.port],
    metric: `short ${service} connections per ${p.windowSeconds} s`,
    unit: 'connections',
    observed: w.count,
    baseline: p.threshold,
    baselineSource: 'default',
    evidence: inWindow,
    evidenceCount: attempts.length,
    explanation: `${ctx.addr(g.src)} opened ${w.count} short ${service} connections to ${ctx.addr(g.dst)}:${g.port} within ${Math.max(1, Math.round(last - first))} s (${failed} refused or unanswered), each under ${p.maxAttemptSeconds} s and ${p.maxAttemptBytes} bytes${uniform > 0.7 ? ', all of similar size' : ''}: repeated login attempts (threshold ${p.threshold} in ${p.windowSeconds} s).`,
    mitre: MITRE.passwordGuessing,
  })
}

function refused(ctx: DetectContext, g: Group, p: BruteForceParams): Alert | null {
  const failedFlows = g.flows.filter((id) => ctx.outcomes[id] === Outcome.Failure)
  const w = busiest(ctx, failedFlows, p.windowSeconds)
  if (w.count < p.failedThreshold) return null
  const inWindow = failedFlows.slice(w.start, w.start + w.count)
  const c = ctx.c
  // Hundreds of refusals per second are a flood (the flood detector's finding), not retries or guesses.
  const span = c.first[inWindow[inWindow.length - 1]] - c.first[inWindow[0]]
  if (w.count / Math.max(1, span) > FLOOD_RATE) return null
  return ctx.alert({
    detector: 'brute-force',
    category: 'brute-force',
    severity: 'low',
    confidence: 0.4,
    start: c.first[inWindow[0]],
    end: c.last[inWindow[inWindow.length - 1]],
    src: [g.src],
    dst: [g.dst],
    ports: [g.port],
    metric: `refused or unanswered connections per ${p.windowSeconds} s`,
    unit: 'connections',
    observed: w.count,
    baseline: p.failedThreshold,
    baselineSource: 'default',
    evidence: inWindow,
    evidenceCount: failedFlows.length,
    explanation: `${ctx.addr(g.src)} tried ${w.count} times to reach ${g.proto === IPPROTO_TCP ? 'TCP' : 'UDP'} port ${g.port} on ${ctx.addr(g.dst)} without success: repeated failed connections (a guessing tool, or a client retrying a service that is down).`,
    mitre: MITRE.bruteForce,
    key: 'refused',
  })
}
