/**
 * New hosts, services, edges and TLS client fingerprints: first-seen against the baseline, for the traffic after
 * its period. New internal hosts (external ones come and go with every web page) that carried at least a few
 * flows; services an internal host answered on that it never answered on before; known clients using a known
 * server's service for the first time (new edges, folded per service); TLS client fingerprints (JA3) never
 * seen in the baseline. Needs a baseline: with none, everything is new.
 */
import { FlowKind } from '../flows/flow-key.ts'
import { App } from '../model/packet-batch.ts'
import { Outcome } from '../baseline/flow-outcome.ts'
import { serviceKeyOf, serviceName, servicePort } from '../baseline/service-keys.ts'
import { MITRE, type Alert } from './alert.ts'
import type { Detector } from './detector.ts'
import { FLOWS_PER_HOST, findNewHosts } from './new-entities-hosts.ts'

export type NewEntityParams = {
  minFlows: number
  maxAlerts: number
  groupAbove: number
  includeExternal: boolean
  edges: boolean
  fingerprints: boolean
}

export const newEntities: Detector<NewEntityParams> = {
  id: 'new-entities',
  name: 'New host, service, edge or fingerprint',
  method: 'First-seen comparison of hosts, served ports, client-server edges and JA3 fingerprints against the baseline sets',
  categories: ['new-host', 'new-service'],
  modes: 'baseline',
  optIn: false,
  params: {
    minFlows: { default: 3, min: 1, max: 1e6, integer: true, label: 'Flows', help: 'A new host or service must carry at least this many flows.' },
    maxAlerts: { default: 50, min: 1, max: 10000, integer: true, label: 'Alerts per kind', help: 'Cap per kind; the rest are summed up in the last alert.' },
    groupAbove: { default: 5, min: 1, max: 10000, integer: true, label: 'Group new hosts above', help: 'More new hosts than this are reported as one alert listing them.' },
    includeExternal: { default: false, label: 'External hosts', help: 'Also report new hosts outside private address space.' },
    edges: { default: false, label: 'New edges', help: 'Report known clients using a known service for the first time (off by default: in busy networks most client-server pairs are new sooner or later).' },
    fingerprints: { default: true, label: 'TLS fingerprints', help: 'Report JA3 client fingerprints missing from the baseline.' },
  },
  run(ctx, p) {
    const base = ctx.baseline
    if (base === null) return []
    const c = ctx.c
    const services = new Map<string, { host: number; key: number; flows: number[]; clients: Set<number> }>()
    const edges = new Map<string, { host: number; key: number; flows: number[]; clients: Set<number> }>()
    const ja3 = new Map<string, { hosts: Set<number>; flows: number[] }>()
    // Per address id: 1 in the baseline, 2 not (0 not looked up yet), so each address is formatted once.
    const knownCache = new Uint8Array(ctx.source.addresses.size + 1)
    const known = (h: number): boolean => {
      // Formatted without ctx.addr's cache: a many-flow capture would cache a text for each of a million hosts.
      if (knownCache[h] === 0) knownCache[h] = base.hosts.has(ctx.source.addresses.format(h)) ? 1 : 2
      return knownCache[h] === 1
    }
    const names = new Map<number, string>()
    const nameOf = (key: number): string => {
      let n = names.get(key)
      if (n === undefined) {
        n = serviceName(key)
        names.set(key, n)
      }
      return n
    }
    // Per server id and service key: whether the baseline never saw the server answer on it.
    const serviceCache = new Map<number, Map<number, boolean>>()
    const isNewService = (server: number, key: number): boolean => {
      let m = serviceCache.get(server)
      if (m === undefined) {
        m = new Map()
        serviceCache.set(server, m)
      }
      let v = m.get(key)
      if (v === undefined) {
        v = base.served.get(ctx.addr(server))?.has(nameOf(key)) === false
        m.set(key, v)
      }
      return v
    }
    const edgeCache = new Map<number, Map<number, boolean>>()
    const edgeKnown = (client: number, server: number, sName: string): boolean => {
      let m = edgeCache.get(client)
      if (m === undefined) {
        m = new Map()
        edgeCache.set(client, m)
      }
      let v = m.get(server)
      if (v === undefined) {
        v = base.edges.has(`${ctx.addr(client)}>${sName}`)
        m.set(server, v)
      }
      return v
    }
    // Columns and per-run constants in locals: this loop runs once per analysis, mostly before V8 optimises it.
    const first = c.first
    const from = ctx.compareFrom
    const outcomes = ctx.outcomes
    const app = c.app
    const facts = ctx.source.facts
    const wantHello = p.fingerprints && base.ja3.size > 0
    for (let id = 0; id < ctx.count; id++) {
      if (first[id] < from) continue
      if (outcomes[id] !== Outcome.Success) continue
      const server = c.respAddr[id]
      const client = c.origAddr[id]
      const hello = wantHello && app[id] === App.TLS ? (facts?.clientHello(id) ?? null) : null
      if (hello !== null && base.ja3.size > 0 && !base.ja3.has(hello.ja3Hash)) {
        let e = ja3.get(hello.ja3Hash)
        if (e === undefined) {
          e = { hosts: new Set(), flows: [] }
          ja3.set(hello.ja3Hash, e)
        }
        e.hosts.add(client)
        if (e.flows.length < 200) e.flows.push(id)
      }
      if (!known(server)) continue
      // Answering ARP (or another layer-2 exchange) is not a service a host offers: only IP services are new
      // services. The service key is worked out only where it is used (most servers are external).
      if (ctx.classes.isInternal(server) && c.kind[id] === FlowKind.IP && isNewService(server, serviceKeyOf(c, id))) {
        const key = serviceKeyOf(c, id)
        addTo(services, `${server} ${key}`, server, key, id, client)
      } else if (p.edges && known(client) && !base.incomplete && !edgeKnown(client, server, ctx.addr(server))) {
        const key = serviceKeyOf(c, id)
        addTo(edges, `${server} ${key}`, server, key, id, client)
      }
    }
    const out: Alert[] = []
    const found = findNewHosts(ctx, p, known)
    const hostList = found.hosts
    if (hostList.length > p.groupAbove) {
      let start = Infinity
      let end = -Infinity
      for (let k = 0; k < hostList.length; k++) {
        start = Math.min(start, c.first[found.firstFlow[k]])
        end = Math.max(end, c.last[found.lastFlow[k]])
      }
      out.push(ctx.alert({
        detector: 'new-entities', category: 'new-host', severity: 'low', confidence: base.incomplete ? 0.5 : 0.8,
        start, end,
        src: hostList, dst: [], metric: 'hosts absent from the baseline', unit: 'hosts', observed: hostList.length, baseline: 0, baselineSource: 'baseline',
        evidence: found.groupEvidence, explanation: `${hostList.length} internal hosts not seen in the baseline period appeared since (${hostList.slice(0, 5).map((h) => ctx.addr(h)).join(', ')}${hostList.length > 5 ? ', ...' : ''}).`,
        mitre: null, key: 'hosts',
      }))
    }
    for (let k = 0; hostList.length <= p.groupAbove && k < hostList.length; k++) {
      const h = hostList[k]
      const flows = found.flows[k]
      out.push(ctx.alert({
        detector: 'new-entities', category: 'new-host', severity: 'low', confidence: base.incomplete ? 0.5 : 0.8,
        start: c.first[flows[0]], end: c.last[flows[flows.length - 1]], src: [h], dst: [],
        metric: 'flows of a host absent from the baseline', unit: 'flows', observed: flows.length, baseline: 0, baselineSource: 'baseline',
        evidence: flows, explanation: `${ctx.addr(h)} was not seen in the baseline period and has ${flows.length}${flows.length >= FLOWS_PER_HOST ? '+' : ''} flows since.`,
        mitre: null, key: 'host',
      }))
    }
    for (const s of [...services.values()].filter((x) => x.flows.length >= p.minFlows).slice(0, p.maxAlerts)) {
      out.push(ctx.alert({
        detector: 'new-entities', category: 'new-service', severity: 'medium', confidence: 0.75,
        start: c.first[s.flows[0]], end: c.last[s.flows[s.flows.length - 1]], src: [...s.clients], dst: [s.host], ports: portOf(s.key),
        metric: 'connections to a service the host never answered on', unit: 'connections', observed: s.flows.length, baseline: 0, baselineSource: 'baseline',
        evidence: s.flows, explanation: `${ctx.addr(s.host)} answered on ${serviceName(s.key)}, which it never did in the baseline period (${s.flows.length} connections from ${s.clients.size} client${s.clients.size === 1 ? '' : 's'}).`,
        mitre: MITRE.nonStandardPort, key: `svc-${s.key}`,
      }))
    }
    for (const e of [...edges.values()].slice(0, p.maxAlerts)) {
      out.push(ctx.alert({
        detector: 'new-entities', category: 'new-service', severity: 'info', confidence: 0.6,
        start: c.first[e.flows[0]], end: c.last[e.flows[e.flows.length - 1]], src: [...e.clients], dst: [e.host], ports: portOf(e.key),
        metric: 'new clients of a known service', unit: 'clients', observed: e.clients.size, baseline: 0, baselineSource: 'baseline',
        evidence: e.flows, explanation: `${e.clients.size} known host${e.clients.size === 1 ? '' : 's'} used ${serviceName(e.key)} on ${ctx.addr(e.host)} for the first time (new edges).`,
        mitre: null, key: `edge-${e.key}`,
      }))
    }
    for (const [hash, e] of [...ja3].slice(0, p.maxAlerts)) {
      out.push(ctx.alert({
        detector: 'new-entities', category: 'new-service', severity: 'low', confidence: 0.6,
        start: c.first[e.flows[0]], end: c.last[e.flows[e.flows.length - 1]], src: [...e.hosts], dst: [],
        metric: 'TLS handshakes with a fingerprint absent from the baseline', unit: 'handshakes', observed: e.flows.length, baseline: 0, baselineSource: 'baseline',
        evidence: e.flows, explanation: `TLS client fingerprint JA3 ${hash} (not in the baseline's ${base.ja3.size} fingerprints) appeared from ${[...e.hosts].slice(0, 3).map((h) => ctx.addr(h)).join(', ')}: new client software.`,
        mitre: null, key: `ja3-${hash}`,
      }))
    }
    return out
  },
}

function addTo(m: Map<string, { host: number; key: number; flows: number[]; clients: Set<number> }>, k: string, host: number, key: number, flow: number, client: number): void {
  let e = m.get(k)
  if (e === undefined) {
    e = { host, key, flows: [], clients: new Set() }
    m.set(k, e)
  }
  if (e.flows.length < 200) e.flows.push(flow)
  e.clients.add(client)
}

function portOf(key: number): number[] {
  const p = servicePort(key)
  return p === null ? [] : [p]
}
