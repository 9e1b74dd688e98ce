/**
 * Latency degradation: the path between the network's clients and a server slows down (congestion, a failing
 * link, a man in the middle relaying traffic), so every new connection's handshake takes far longer than
 * usual. The generated connections are ordinary HTTPS exchanges (port 443, TLS records) whose round-trip time is the
 * traffic's median handshake RTT plus 300 ms x intensity, at three times the capture's usual rate of new TCP connections (so they dominate the
 * windows they fall in), for 300 s.
 */
import { session } from '../emit.ts'
import type { Host } from '../hosts.ts'
import { ephemeralPort, scatter, type ScenarioKind } from '../scenario-run.ts'

export const latencyDegradation: ScenarioKind = {
  id: 'latency-degradation',
  title: 'Latency degradation',
  description: 'The network to a server becomes slow: every new connection takes much longer to set up than it normally does.',
  intensityMeaning: 'round-trip time added to each connection (300 ms at intensity 1)',
  categories: ['latency-shift'],
  detectors: ['latency-shift'],
  lookFor: 'handshake round-trip times jumping up in one period (Time series of RTT, Connections sorted by RTT)',
  defaultDuration: 300,
  attacker: 'busy-internal',
  target: 'any-server',
  generate(run) {
    const clients: Host[] = [run.attacker, ...run.hosts.internalHosts().filter((h) => h.originated > 0 && h.text !== run.attacker.text).slice(0, 7)]
    const rate = Math.max(0.5, 3 * run.survey.tcpFlowsPerSecond)
    const times = scatter(run, Math.min(20_000, Math.round(rate * run.durationSeconds)), 12)
    const usualUs = (run.survey.medianRtt ?? (run.target.internal ? 0.001 : 0.02)) * 1e6
    const extraUs = 300_000 * run.intensity
    for (let i = 0; i < times.length; i++) {
      const rtt = usualUs + extraUs * (0.8 + 0.4 * run.rng.next())
      session(run, clients[i % clients.length], run.target, ephemeralPort(run, i), 443, times[i], rtt, [500, 4000])
    }
  },
}
