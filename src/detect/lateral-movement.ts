/**
 * Lateral movement: one internal host opening sessions on the remote-administration services (SMB, RPC, RDP,
 * SSH, WinRM, VNC, Telnet) of many other internal hosts. With a baseline, only peers the host never talked to
 * in the baseline period count, so an admin's usual jump-host round stays quiet while a new fan-out stands out;
 * self-contained, the fan-out itself must be larger. Failed attempts are the scan detectors' business; here
 * only answered connections count.
 */
import { FlowKind, IPPROTO_TCP } from '../flows/flow-key.ts'
import { Outcome } from '../baseline/flow-outcome.ts'
import { MITRE, severityFrom, type Alert } from './alert.ts'
import { portFlags } from './port-flags.ts'
import type { Detector } from './detector.ts'

export type LateralParams = {
  windowSeconds: number
  fanOut: number
  newPeers: number
}

const ADMIN_PORTS = new Map<number, string>([
  [22, 'SSH'], [23, 'Telnet'], [135, 'RPC'], [139, 'SMB'], [445, 'SMB'], [3389, 'RDP'], [5985, 'WinRM'], [5986, 'WinRM'], [5900, 'VNC'],
])
/** ADMIN_PORTS as a port table, for the per-flow test. */
const ADMIN_PORT = portFlags(ADMIN_PORTS.keys())

export const lateralMovement: Detector<LateralParams> = {
  id: 'lateral-movement',
  name: 'Lateral movement',
  method: 'Internal fan-out on remote-administration services (SMB, RPC, RDP, SSH, WinRM, VNC) per window, counting peers beyond the host\'s baseline peers',
  categories: ['lateral-movement'],
  modes: 'both',
  optIn: false,
  params: {
    windowSeconds: { default: 3600, min: 1, max: 1e7, unit: 's', label: 'Window', help: 'Sliding window for counting the hosts reached.' },
    fanOut: { default: 10, min: 2, max: 1e6, integer: true, label: 'Hosts (no baseline)', help: 'Internal hosts reached on admin services within the window, without a baseline.' },
    newPeers: { default: 3, min: 1, max: 1e6, integer: true, label: 'New hosts (baseline)', help: 'Internal hosts reached on admin services that were not the host\'s peers in the baseline.' },
  },
  run(ctx, p) {
    const c = ctx.c
    const bySrc = new Map<number, { times: number[]; dsts: number[]; flows: number[]; ports: Set<number> }>()
    for (let id = 0; id < ctx.count; id++) {
      if (c.kind[id] !== FlowKind.IP || c.proto[id] !== IPPROTO_TCP || ADMIN_PORT[c.respPort[id]] !== 1) continue
      if (ctx.outcomes[id] !== Outcome.Success || c.first[id] < ctx.compareFrom) continue
      const src = c.origAddr[id]
      const dst = c.respAddr[id]
      if (!ctx.classes.isInternal(src) || !ctx.classes.isInternal(dst) || src === dst) continue
      let e = bySrc.get(src)
      if (e === undefined) {
        e = { times: [], dsts: [], flows: [], ports: new Set() }
        bySrc.set(src, e)
      }
      e.times.push(c.first[id])
      e.dsts.push(dst)
      e.flows.push(id)
      e.ports.add(c.respPort[id])
    }
    const out: Alert[] = []
    for (const [src, e] of bySrc) {
      const srcName = ctx.addr(src)
      const base = ctx.baseline
      // Peers that count: all distinct destinations, or with a baseline those that were not its peers.
      const counts = (dst: number): boolean => base === null || !base.isKnownPeer(srcName, ctx.addr(dst))
      const need = base === null ? p.fanOut : p.newPeers
      let best: { lo: number; hi: number; n: number } = { lo: 0, hi: -1, n: 0 }
      const inWindow = new Map<number, number>()
      let lo = 0
      for (let hi = 0; hi < e.times.length; hi++) {
        if (counts(e.dsts[hi])) inWindow.set(e.dsts[hi], (inWindow.get(e.dsts[hi]) ?? 0) + 1)
        while (e.times[hi] - e.times[lo] > p.windowSeconds) {
          const d = e.dsts[lo]
          const n = inWindow.get(d)
          if (n !== undefined) n <= 1 ? inWindow.delete(d) : inWindow.set(d, n - 1)
          lo++
        }
        if (inWindow.size > best.n) best = { lo, hi, n: inWindow.size }
      }
      if (best.n < need) continue
      const flows = e.flows.slice(best.lo, best.hi + 1).filter((_, k) => counts(e.dsts[best.lo + k]))
      const dsts = [...new Set(flows.map((f) => c.respAddr[f]))]
      const services = [...new Set([...e.ports].map((port) => ADMIN_PORTS.get(port)))].join('/')
      out.push(ctx.alert({
        detector: 'lateral-movement', category: 'lateral-movement', severity: severityFrom(0.45 + 0.1 * Math.min(4, best.n / need)), confidence: base === null ? 0.55 : 0.75,
        start: c.first[flows[0]], end: c.last[flows[flows.length - 1]], src: [src], dst: dsts, ports: [...e.ports],
        metric: base === null ? 'internal hosts reached on admin services' : 'new internal peers on admin services', unit: 'hosts',
        observed: best.n, baseline: base === null ? p.fanOut : (base.peers.get(srcName)?.size ?? 0), baselineSource: base === null ? 'default' : 'baseline',
        evidence: flows,
        explanation: `${srcName} opened ${services} sessions on ${best.n} ${base === null ? '' : 'new '}internal hosts within ${p.windowSeconds} s${base === null ? '' : ` (hosts it never talked to in the baseline, where it had ${base.peers.get(srcName)?.size ?? 0} peers)`}: fan-out on remote-administration services, as lateral movement looks.`,
        mitre: MITRE.remoteServices,
      }))
    }
    return out
  },
}
