/**
 * A traffic spike: a sudden burst many times the network's usual packet rate (a backup kicking off, a stream,
 * or the start of a volumetric attack), here a UDP stream from a server to one client. Sized against the
 * traffic it goes into: intensity 1 adds six times the capture's average packet rate for 60 s.
 */
import { Conversation } from '../../craft/conversation.ts'
import { scaled, schedule, type ScenarioKind } from '../scenario-run.ts'

/** A spike needs enough packets to stand out even against near-silent traffic. */
const MIN_RATE = 50
const MAX_PACKETS = 600_000
/** Zero-filled payloads: random bytes could be taken by a heuristic dissector and reported as malformed. */
const ZEROS = new Uint8Array(200)

export const trafficSpike: ScenarioKind = {
  id: 'traffic-spike',
  title: 'Traffic spike',
  description: 'For a minute the network carries many times its usual traffic: one stream suddenly floods the link.',
  intensityMeaning: 'times the usual packet rate added (6 at intensity 1)',
  categories: ['traffic-spike'],
  detectors: ['traffic-spike'],
  lookFor: 'a tall bar in the I/O graph and the hosts behind it (Time series, Top talkers)',
  defaultDuration: 60,
  attacker: 'any-server',
  target: 'busy-internal',
  generate(run) {
    const span = Math.max(1, run.survey.end - run.survey.start)
    const normalRate = run.survey.packets / span
    const rate = Math.max(MIN_RATE, 6 * normalRate) * run.intensity
    const times = schedule(run, Math.min(MAX_PACKETS, scaled(run, (rate / run.intensity) * run.durationSeconds)))
    const conv = new Conversation(run.crafter, run.target, run.attacker, run.rng.int(33434, 33933), run.rng.int(33434, 33933))
    for (let i = 0; i < times.length; i++) {
      conv.udp(false, ZEROS)
      conv.emit(run.sink, times[i])
    }
  },
}
