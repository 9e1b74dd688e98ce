/**
 * Test helper: a small hand-written survey (a LAN with a web/FTP server, clients, a DNS server and one
 * external web server behind the router) and a way to decode a plan's frames through the normal analysis.
 * Used by tests only.
 */
import { CaptureAnalysis } from '../../analysis/capture-analysis.ts'
import { analysisFrameSink } from '../craft/batch-sink.ts'
import type { AttackPlan } from './plan.ts'
import type { Survey } from './survey.ts'

export const T0 = 1_700_000_000

export const TEST_SURVEY: Survey = {
  start: T0,
  end: T0 + 3600,
  packets: 36_000,
  bytes: 20e6,
  tcpFlowsPerSecond: 0.5,
  medianRtt: 0.02,
  hosts: [
    { ip: '10.0.0.10', mac: '00:16:3e:00:00:0a', internal: true, flows: 900, services: [80, 443, 21], originated: 5 },
    { ip: '10.0.0.20', mac: '00:16:3e:00:00:14', internal: true, flows: 700, services: [], originated: 700 },
    { ip: '10.0.0.21', mac: '00:16:3e:00:00:15', internal: true, flows: 500, services: [], originated: 500 },
    { ip: '10.0.0.53', mac: '00:16:3e:00:00:35', internal: true, flows: 400, services: [53], originated: 0 },
    { ip: '93.184.216.34', mac: null, internal: false, flows: 300, services: [443], originated: 0 },
  ],
  gatewayMac: '00:16:3e:00:00:01',
  dnsServers: ['10.0.0.53'],
  linkTypes: [1],
}

/** Decodes a plan's frames in time order through a CaptureAnalysis; returns it finished. */
export function decodePlan(plan: AttackPlan): CaptureAnalysis {
  const analysis = new CaptureAnalysis()
  const sink = analysisFrameSink(analysis)
  const f = plan.frames
  for (const i of f.order()) sink.frame(f.timeUs[i], f.bytes(i), f.length[i])
  sink.close()
  analysis.finish(sink.lastTime)
  return analysis
}
