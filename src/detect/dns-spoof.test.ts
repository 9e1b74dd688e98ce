import { describe, expect, it } from 'vitest'
import type { AppFact } from '../model/app-facts.ts'
import { defaultParams } from './detector.ts'
import { dnsSpoof } from './dns-spoof.ts'
import { contextOf, type Pkt } from './test-traffic.ts'

const T0 = 1_700_000_000
const CLIENT = '10.0.0.8'
const RESOLVER = '10.0.0.1'
const EVIL_MAC = '02:66:66:66:66:66'

function dns(id: number, isResponse: boolean, name: string, address: string | null): AppFact {
  const answers = address === null ? [] : [{ name, type: 1, ttl: 300, data: address }]
  return { kind: 'dns', id, isResponse, opcode: 0, rcode: 0, qname: name, qtype: 1, qclass: 1, questions: 1, answers, counts: [1, answers.length, 0, 0] }
}

const query = (t: number, port: number, id: number, name: string): Pkt => ({ t, src: `${CLIENT}:${port}`, dst: `${RESOLVER}:53`, proto: 'udp', len: 40, app: 1, fact: dns(id, false, name, null) })
const answer = (t: number, port: number, id: number, name: string, address: string, smac?: string): Pkt => ({ t, src: `${RESOLVER}:53`, dst: `${CLIENT}:${port}`, proto: 'udp', len: 60, app: 1, fact: dns(id, true, name, address), smac })
const run = (pkts: Pkt[]) => dnsSpoof.run(contextOf(pkts), defaultParams(dnsSpoof))

describe('spoofed DNS answers', () => {
  it('raises forged answers with guessed IDs racing the real one, naming the client and the forging MAC', () => {
    const pkts: Pkt[] = []
    for (let q = 0; q < 3; q++) {
      const t = T0 + q * 5
      pkts.push(query(t, 50000 + q, 100 + q, 'www.bank.test'))
      for (let k = 0; k < 10; k++) pkts.push(answer(t + 0.001 + k * 0.0001, 50000 + q, 2000 + q * 10 + k, 'www.bank.test', '6.6.6.6', EVIL_MAC))
      pkts.push(answer(t + 0.02, 50000 + q, 100 + q, 'www.bank.test', '93.184.216.34'))
    }
    const alerts = run(pkts)
    expect(alerts).toHaveLength(1)
    expect(alerts[0]).toMatchObject({ detector: 'dns-spoof', category: 'payload-indicator', dst: [CLIENT], observed: 30 })
    expect(alerts[0].src).toContain(EVIL_MAC)
    expect(alerts[0].src).toContain(RESOLVER)
    expect(alerts[0].evidence.length).toBeGreaterThan(0)
  })

  it('raises a second answer to the same question with different records', () => {
    const pkts = [query(T0, 50000, 7, 'mail.test'), answer(T0 + 0.001, 50000, 7, 'mail.test', '6.6.6.6', EVIL_MAC), answer(T0 + 0.02, 50000, 7, 'mail.test', '192.0.2.10')]
    expect(run(pkts).map((a) => a.confidence)).toEqual([0.9])
  })

  it('stays quiet for ordinary lookups, retransmitted identical answers and unsolicited answers (reflection)', () => {
    const pkts: Pkt[] = []
    for (let i = 0; i < 50; i++) pkts.push(query(T0 + i, 50000 + i, i, `host${i}.test`), answer(T0 + i + 0.01, 50000 + i, i, `host${i}.test`, '192.0.2.1'))
    pkts.push(answer(T0 + 0.02, 50000, 0, 'host0.test', '192.0.2.1'))
    for (let i = 0; i < 100; i++) pkts.push(answer(T0 + 100 + i * 0.01, 40000, 5000 + i, 'amp.test', '192.0.2.2'))
    expect(run(pkts)).toEqual([])
  })
})
