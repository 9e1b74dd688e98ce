/**
 * Web injection requests (MITRE T1190, OWASP A03:2021 Injection): one client sends a web server requests whose
 * URLs carry SQL injection and cross-site scripting payloads, percent-encoded as a browser or a tool would.
 * Each request is its own HTTP/1.1 connection answered 200 with a short body. Intensity 1: 30 requests over
 * 60 s.
 */
import { encodeHttpRequest, encodeHttpResponse } from '../../craft/http.ts'
import { close, conversation, handshake, send } from '../emit.ts'
import { ephemeralPort, scaled, schedule, type ScenarioKind } from '../scenario-run.ts'

const TARGETS = [
  "/product.php?id=1'%20OR%20'1'='1",
  '/product.php?id=1%20UNION%20SELECT%20username,password%20FROM%20users--',
  "/login.php?user=admin'--&pass=x",
  '/search?q=%3Cscript%3Ealert(document.cookie)%3C/script%3E',
  '/comment?text=%3Cimg%20src=x%20onerror=alert(1)%3E',
  '/item?id=1%20AND%20sleep(5)',
  '/profile?name=%3Csvg%20onload=alert(1)%3E',
  '/news.php?id=-1%20UNION%20ALL%20SELECT%20@@version,2,3',
]

export const webInjection: ScenarioKind = {
  id: 'web-injection',
  title: 'Web injection requests',
  description: 'Someone sends a web site addresses stuffed with database commands and scripts, hoping the site runs them (SQL injection and XSS).',
  intensityMeaning: 'malicious requests in 60 s (30 at intensity 1)',
  categories: ['payload-indicator'],
  detectors: ['payload-indicator'],
  lookFor: 'HTTP requests whose URLs contain quotes, UNION SELECT or <script> (HTTP requests list; payload indicators must be switched on)',
  defaultDuration: 60,
  attacker: 'new-external',
  target: 'internal-server',
  servicePort: 80,
  generate(run) {
    const times = schedule(run, scaled(run, 30 * (run.durationSeconds / 60)), 10)
    const body = new Uint8Array(64).fill(0x2e) // '.'
    for (let i = 0; i < times.length; i++) {
      const conv = conversation(run, run.attacker, run.target, ephemeralPort(run, i), 80)
      let t = handshake(conv, run.sink, times[i], 3000)
      const request = encodeHttpRequest('GET', TARGETS[i % TARGETS.length], run.target.text, 'Mozilla/5.0 (X11; Linux x86_64)')
      t = send(conv, run.sink, true, t + 200, 0, 3000, 40, request)
      const head = encodeHttpResponse(200, 'OK', body.length, 'text/html')
      const answer = new Uint8Array(head.length + body.length)
      answer.set(head)
      answer.set(body, head.length)
      t = send(conv, run.sink, false, t + 4000, 0, 3000, 40, answer)
      close(conv, run.sink, t + 500, 3000)
    }
  },
}
