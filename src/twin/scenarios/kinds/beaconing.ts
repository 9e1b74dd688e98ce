/**
 * Beaconing (MITRE T1071): an implant on an internal host calls its command-and-control server at a steady
 * period, each call a short HTTPS-sized exchange of nearly the same size. stealth.jitter spreads the period
 * (implants such as Cobalt Strike jitter their sleep); intensity shortens the period. Intensity 1: one call
 * every 30 s for 900 s.
 */
import { session } from '../emit.ts'
import { ephemeralPort, schedule, type ScenarioKind } from '../scenario-run.ts'

export const beaconing: ScenarioKind = {
  id: 'beaconing',
  title: 'C2 beaconing',
  description: 'Malware on an inside machine phones home to its controller at a regular rhythm, like a heartbeat, asking for orders.',
  intensityMeaning: 'calls per 30 s (one call every 30 s at intensity 1)',
  categories: ['beaconing'],
  detectors: ['beaconing'],
  lookFor: 'the same small connection from one host to one outside address at evenly spaced times (Connections table sorted by destination, timeline)',
  defaultDuration: 900,
  attacker: 'busy-internal',
  target: 'new-external',
  generate(run) {
    const times = schedule(run, Math.max(1, Math.round((run.durationSeconds / 30) * run.intensity)), 12)
    for (let i = 0; i < times.length; i++) {
      const request = 310 + run.rng.int(0, 8)
      session(run, run.attacker, run.target, ephemeralPort(run, i), 443, times[i], 40_000, [request, 96])
    }
  },
}
