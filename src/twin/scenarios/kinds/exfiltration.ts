/**
 * Data exfiltration (MITRE T1048, T1041): an internal host uploads much more to an outside address than it
 * receives. Slow: the same volume trickles out in many small uploads over half an hour, staying under any
 * per-minute alarm; bulk: one large upload in two minutes. Both go over TCP 443 as TLS application data.
 * Intensity 1: 60 MB slow (60 uploads over 1,800 s) or 80 MB bulk (one connection over 120 s).
 */
import { MAX_ATTACK_BYTES } from '../attack-frames.ts'
import { close, conversation, handshake, send } from '../emit.ts'
import { ephemeralPort, schedule, type ScenarioKind, type ScenarioRun } from '../scenario-run.ts'

function upload(run: ScenarioRun, i: number, t: number, bytes: number, seconds: number): void {
  const conv = conversation(run, run.attacker, run.target, ephemeralPort(run, i), 443)
  conv.tlsRecords = true
  const rtt = 30_000
  let at = handshake(conv, run.sink, t, rtt)
  const segments = Math.max(1, Math.ceil(bytes / 1448))
  at = send(conv, run.sink, true, at + 200, bytes, rtt, Math.max(20, (seconds * 1e6) / segments))
  at = send(conv, run.sink, false, at + 200, 64, rtt, 40)
  close(conv, run.sink, at + 500, rtt)
}

export const exfiltrationSlow: ScenarioKind = {
  id: 'exfiltration-slow',
  title: 'Slow exfiltration',
  description: 'An inside machine leaks a large file to an outside server a little at a time, over half an hour, hoping no single minute looks unusual.',
  intensityMeaning: 'megabytes leaked in total (60 MB at intensity 1)',
  categories: ['exfiltration'],
  detectors: ['exfiltration'],
  lookFor: 'one host sending far more to one outside address than it gets back, summed over the whole capture (Conversations sorted by bytes)',
  defaultDuration: 1800,
  attacker: 'busy-internal',
  target: 'new-external',
  generate(run) {
    const total = Math.min(MAX_ATTACK_BYTES, 60e6 * run.intensity)
    const times = schedule(run, 60, Math.ceil(total / 60 / 1448))
    const each = total / Math.max(1, times.length)
    const spread = Math.min(20, (run.durationSeconds / Math.max(1, times.length)) * 0.5)
    for (let i = 0; i < times.length; i++) upload(run, i, times[i], each, spread)
  },
}

export const exfiltrationBulk: ScenarioKind = {
  id: 'exfiltration-bulk',
  title: 'Bulk exfiltration',
  description: 'An inside machine uploads a large archive to an outside server in one go.',
  intensityMeaning: 'megabytes uploaded (80 MB at intensity 1)',
  categories: ['exfiltration'],
  detectors: ['exfiltration'],
  lookFor: 'one long upload from an inside host to a new outside address (I/O graph of bytes out, Conversations)',
  defaultDuration: 120,
  attacker: 'busy-internal',
  target: 'new-external',
  generate(run) {
    const times = schedule(run, 1)
    if (times.length === 0) return
    upload(run, 0, run.startUs, Math.min(MAX_ATTACK_BYTES, 80e6 * run.intensity), run.durationSeconds * 0.95)
  },
}
