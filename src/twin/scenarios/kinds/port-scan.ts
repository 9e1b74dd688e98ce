/**
 * Vertical port scan (MITRE T1046): one source sends TCP SYN probes to many ports of one host, as nmap -sS
 * does. Open ports (the target's real services) answer SYN-ACK and the scanner resets; closed ports answer
 * RST-ACK. Intensity 1: 20 ports per second for 60 s (1,200 ports, low ports first; randomisation shuffles).
 */
import { synProbe } from '../emit.ts'
import { ephemeralPort, scaled, schedule, type ScenarioKind } from '../scenario-run.ts'

export const portScan: ScenarioKind = {
  id: 'port-scan',
  title: 'Vertical port scan',
  description: 'One machine knocks on many doors of a single host: a SYN to port after port, to learn which services are open.',
  intensityMeaning: 'ports probed per second (20 at intensity 1)',
  categories: ['port-scan'],
  detectors: ['port-scan'],
  lookFor: 'one source with hundreds of failed connections to one host, each to a different port (Connections table, heat map of ports)',
  defaultDuration: 60,
  attacker: 'new-internal',
  target: 'busy-internal',
  generate(run) {
    const times = schedule(run, scaled(run, 20 * run.durationSeconds), 2)
    const ports: number[] = []
    for (let p = 1; p <= Math.min(65535, times.length); p++) ports.push(p)
    run.rng.shuffle(ports, run.stealth.randomisation)
    const open = new Set(run.target.services)
    for (let i = 0; i < times.length; i++) {
      const port = ports[i]
      synProbe(run, run.attacker, run.target, ephemeralPort(run, i), port, times[i], open.has(port) ? 'open' : 'refused')
    }
  },
}
