import { describe, expect, it } from 'vitest'
import { CaptureAnalysis } from '../../analysis/capture-analysis.ts'
import { parseIpv4, parseMac } from '../craft/addresses.ts'
import { analysisFrameSink } from '../craft/batch-sink.ts'
import { Conversation } from '../craft/conversation.ts'
import { DNS_TYPE_A, encodeDnsName, writeDnsQuery, writeDnsResponse } from '../craft/dns.ts'
import { ACK, FIN, FrameCrafter, PSH, SYN } from '../craft/frame-crafter.ts'
import type { FrameSink } from '../craft/frame-sink.ts'
import { PcapFrameSink } from '../craft/pcap-sink.ts'
import { chunksSource } from '../inject/chunk-source.ts'
import { mergeIntoCapture } from '../inject/inject-scenarios.ts'
import { planScenarios } from '../scenarios/plan.ts'
import { checkScenarioSet } from '../scenarios/schema.ts'
import { surveyAnalysis } from '../scenarios/survey.ts'
import { analyseLabelled } from './flow-truth.ts'

const T0 = 1_700_000_000
const client = { mac: parseMac('00:16:3e:00:00:14'), ip: parseIpv4('10.0.0.20') }
const dns = { mac: parseMac('00:16:3e:00:00:35'), ip: parseIpv4('10.0.0.53') }
const web = { mac: parseMac('00:16:3e:00:00:01'), ip: parseIpv4('93.184.216.34') }

/** Ten minutes of a client looking names up and fetching pages from one outside server. */
function ordinary(sink: FrameSink): void {
  const crafter = new FrameCrafter()
  const name = encodeDnsName('example.test')
  for (let i = 0; i < 60; i++) {
    const t = (T0 + i * 10) * 1e6
    const q = new Conversation(crafter, client, dns, 50000 + i, 53)
    let c = q.beginUdp(true)
    writeDnsQuery(c, i, name, DNS_TYPE_A)
    c.finish()
    q.emit(sink, t)
    c = q.beginUdp(false)
    writeDnsResponse(c, i, name, DNS_TYPE_A, [{ type: DNS_TYPE_A, ttl: 60, data: web.ip }])
    c.finish()
    q.emit(sink, t + 2000)
    const s = new Conversation(crafter, client, web, 40000 + i, 443)
    const steps: [boolean, number, number][] = [[true, SYN, 0], [false, SYN | ACK, 0], [true, ACK, 0], [true, PSH | ACK, 300], [false, PSH | ACK, 1200], [true, FIN | ACK, 0], [false, FIN | ACK, 0], [true, ACK, 0]]
    steps.forEach(([fromClient, flags, n], k) => {
      s.tcp(fromClient, flags, null, n)
      s.emit(sink, t + 10_000 + k * 20_000)
    })
  }
}

describe('survey and per-flow ground truth', () => {
  const chunks: Uint8Array[] = []
  const pcap = new PcapFrameSink((c) => chunks.push(c))
  ordinary(pcap)
  pcap.close()
  const analysis = new CaptureAnalysis()
  const sink = analysisFrameSink(analysis)
  ordinary(sink)
  sink.close()
  analysis.finish(sink.lastTime)
  const survey = surveyAnalysis(analysis, [1])

  it('surveys hosts with their own MACs, the router behind outside hosts, services and DNS servers', () => {
    const byIp = new Map(survey.hosts.map((h) => [h.ip, h]))
    expect(byIp.get('10.0.0.20')).toMatchObject({ mac: '00:16:3e:00:00:14', internal: true, originated: 120, services: [] })
    expect(byIp.get('10.0.0.53')).toMatchObject({ mac: '00:16:3e:00:00:35', internal: true, services: [53] })
    expect(byIp.get('93.184.216.34')).toMatchObject({ mac: null, internal: false, services: [443] })
    expect(survey.gatewayMac).toBe('00:16:3e:00:00:01')
    expect(survey.dnsServers).toEqual(['10.0.0.53'])
    expect(survey.tcpFlowsPerSecond).toBeCloseTo(60 / (survey.end - survey.start), 6)
    expect(survey.medianRtt).toBeCloseTo(0.04, 3)
  })

  it('labels exactly the attack flows after merging, and the detectors see the same analysis', async () => {
    const set = checkScenarioSet({ version: 1, scenarios: [{ kind: 'port-scan', target: '10.0.0.20', start: 100, duration: 30 }] })
    const plan = planScenarios(set, survey)
    const merged: Uint8Array[] = []
    const merge = await mergeIntoCapture(chunksSource(chunks, 'ordinary.pcap'), plan, 'pcap', (c) => merged.push(c))
    const labelled = await analyseLabelled(chunksSource(merged, 'merged.pcap'), merge.labels)
    // 20 ports per second for 30 s, each a SYN refused with a RST (the client offers no service).
    expect(plan.scenarios[0].frames).toBe(1200)
    let attackFlows = 0
    for (const l of labelled.flowLabels) if (l === 1) attackFlows++
    // One flow per probed port; the ordinary DNS and HTTPS flows stay label 0.
    expect(attackFlows).toBe(600)
    expect(labelled.flowLabels.length).toBe(labelled.analysis.flows.count)
    expect(labelled.flowLabels.length - attackFlows).toBe(analysis.flows.count)
    expect(labelled.packets).toBe(merge.ordinary + merge.injected)
    expect(labelled.taps.dns.messages).toBe(120)
  })
})
