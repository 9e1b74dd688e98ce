/**
 * Lateral movement (MITRE T1021): a compromised internal host logs in to the remote-management service of
 * one internal machine after another (WinRM over HTTP, port 5985: a request and an answer per host, valid
 * HTTP/1.1 so every byte is well formed). Existing internal hosts are visited first, then new addresses.
 * Intensity 1: 12 hosts over 300 s.
 */
import { encodeHttpRequest, encodeHttpResponse } from '../../craft/http.ts'
import { close, conversation, handshake, send } from '../emit.ts'
import type { Host } from '../hosts.ts'
import { ephemeralPort, scaled, schedule, type ScenarioKind } from '../scenario-run.ts'

export const lateralMovement: ScenarioKind = {
  id: 'lateral-movement',
  title: 'Lateral movement',
  description: 'A machine that was broken into logs in to one colleague\'s computer after another with an administration tool, spreading through the network.',
  intensityMeaning: 'internal hosts reached (12 at intensity 1)',
  categories: ['lateral-movement'],
  detectors: ['lateral-movement'],
  lookFor: 'one inside host opening admin sessions (port 5985) to many other inside hosts it never talked to before (Topology)',
  defaultDuration: 300,
  attacker: 'busy-internal',
  target: 'busy-internal',
  generate(run) {
    const want = Math.min(1000, scaled(run, 12))
    const peers: Host[] = [run.target]
    for (const h of run.hosts.internalHosts()) {
      if (peers.length >= want) break
      if (h.text !== run.attacker.text && h.text !== run.target.text) peers.push(h)
    }
    while (peers.length < want) peers.push(run.hosts.newInternal())
    run.rng.shuffle(peers, run.stealth.randomisation)
    const times = schedule(run, peers.length, 8)
    const request = encodeHttpRequest('POST', '/wsman', `${run.target.text}:5985`, 'Microsoft WinRM Client', [['Content-Type', 'application/soap+xml;charset=UTF-8'], ['Content-Length', '0']])
    const answer = encodeHttpResponse(200, 'OK', 0, 'application/soap+xml;charset=UTF-8')
    for (let i = 0; i < times.length; i++) {
      const conv = conversation(run, run.attacker, peers[i], ephemeralPort(run, i), 5985)
      let t = handshake(conv, run.sink, times[i], 800)
      t = send(conv, run.sink, true, t + 300, 0, 800, 40, request)
      t = send(conv, run.sink, false, t + 2000, 0, 800, 40, answer)
      close(conv, run.sink, t + 500, 800)
    }
  },
}
