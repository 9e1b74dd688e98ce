/**
 * Distributed flood (MITRE T1498.001): many sources (a botnet) send SYNs to one service of one host at once,
 * each at a modest rate, so no single source looks like a flood. The target answers SYN-ACK; no source ever
 * completes. Intensity 1: 200 sources, 1,000 SYN/s in total for 30 s.
 */
import { conversation, halfOpen } from '../emit.ts'
import type { Host } from '../hosts.ts'
import { scaled, schedule, type ScenarioKind } from '../scenario-run.ts'

export const distributedFlood: ScenarioKind = {
  id: 'distributed-flood',
  title: 'Distributed flood',
  description: 'Hundreds of machines (a botnet) open connections to one server at the same time; each sends little, together they overwhelm it.',
  intensityMeaning: 'SYN packets per second from all sources together (1,000 from 200 sources at intensity 1)',
  categories: ['ddos', 'syn-flood'],
  detectors: ['ddos'],
  lookFor: 'hundreds of new external sources all talking to one host and port within seconds (Topology fan-in, Endpoints)',
  defaultDuration: 30,
  attacker: 'new-external',
  target: 'internal-server',
  servicePort: 80,
  generate(run) {
    const port = run.target.services.find((p) => p === 80 || p === 443) ?? 80
    const sources: Host[] = [run.attacker]
    const want = Math.min(5000, scaled(run, 200, 2))
    while (sources.length < want) sources.push(run.hosts.randomExternal(run.rng))
    const times = schedule(run, scaled(run, 1000 * run.durationSeconds), 2)
    for (let i = 0; i < times.length; i++) {
      const src = sources[i % sources.length]
      const conv = conversation(run, src, run.target, run.rng.int(1024, 65535), port)
      halfOpen(conv, run.sink, times[i], 300)
    }
  },
}
