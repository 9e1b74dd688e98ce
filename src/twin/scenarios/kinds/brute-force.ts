/**
 * Brute force against a login service (MITRE T1110.001): one source logs in to FTP again and again with
 * guessed passwords, each attempt a short connection that ends in "530 Login incorrect" (cleartext FTP,
 * RFC 959, so every byte is a valid protocol message). Intensity 1: one attempt every 2 s for 120 s.
 */
import { PSH, ACK } from '../../craft/frame-crafter.ts'
import { close, conversation, handshake } from '../emit.ts'
import { ephemeralPort, scaled, schedule, type ScenarioKind } from '../scenario-run.ts'

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0))

const GUESSES = ['123456', 'password', 'admin', 'letmein', 'qwerty', 'welcome', 'monkey', 'dragon', 'master', 'secret']

export const bruteForce: ScenarioKind = {
  id: 'brute-force',
  title: 'Brute force login',
  description: 'One machine tries password after password against a login service; every attempt is a short connection that fails.',
  intensityMeaning: 'login attempts per second (0.5 at intensity 1)',
  categories: ['brute-force'],
  detectors: ['brute-force'],
  lookFor: 'dozens of short, same-sized connections from one source to port 21 of one server (Connections table)',
  defaultDuration: 120,
  attacker: 'new-external',
  target: 'internal-server',
  servicePort: 21,
  generate(run) {
    const times = schedule(run, scaled(run, 0.5 * run.durationSeconds), 14)
    const rtt = 2000
    for (let i = 0; i < times.length; i++) {
      const conv = conversation(run, run.attacker, run.target, ephemeralPort(run, i), 21)
      let t = handshake(conv, run.sink, times[i], rtt)
      const lines: [boolean, string][] = [
        [false, '220 FTP server ready\r\n'],
        [true, 'USER admin\r\n'],
        [false, '331 Password required for admin\r\n'],
        [true, `PASS ${GUESSES[i % GUESSES.length]}${i}\r\n`],
        [false, '530 Login incorrect.\r\n'],
        [true, 'QUIT\r\n'],
        [false, '221 Goodbye.\r\n'],
      ]
      for (const [fromClient, text] of lines) {
        t += fromClient ? 800 : 1500
        conv.tcp(fromClient, PSH | ACK, ascii(text))
        conv.emit(run.sink, t)
      }
      close(conv, run.sink, t + 500, rtt)
    }
  },
}
