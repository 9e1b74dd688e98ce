import { describe, expect, it } from 'vitest'
import { Conversations } from './conversations.ts'
import { computeServices } from './services.ts'
import { batchesOf } from './test-batch.ts'

describe('services', () => {
  it('picks the server side by SYN, then system port, then non-dynamic port, then lower port', () => {
    const { batches } = batchesOf([
      // SYN to 50000 from 8080: the SYN receiver is the server even though its port is high.
      { t: 1, src: '10.0.0.1', dst: '10.0.0.2', sport: 8080, dport: 50000, flags: 'S', len: 60 },
      { t: 1.1, src: '10.0.0.2', dst: '10.0.0.1', sport: 50000, dport: 8080, flags: 'SA', len: 60 },
      // Mid-stream HTTPS: system port wins.
      { t: 2, src: '10.0.0.3', dst: '10.0.0.1', sport: 443, dport: 40000, len: 1500 },
      { t: 2.5, src: '10.0.0.4', dst: '10.0.0.1', sport: 443, dport: 40001, len: 500 },
      // UDP 51000 <-> 3478: the non-dynamic port.
      { t: 3, src: '10.0.0.1', dst: '10.0.0.5', proto: 'udp', sport: 51000, dport: 3478, len: 100 },
      // UDP 5000 <-> 6000: the lower port.
      { t: 4, src: '10.0.0.1', dst: '10.0.0.6', proto: 'udp', sport: 6000, dport: 5000, len: 90 },
    ])
    const c = new Conversations()
    for (const b of batches) c.consume(b)
    const s = computeServices(c.tcp, c.udp)
    expect(s.map((r) => [r.proto, r.port, r.conversations, r.packets, r.bytes, r.servers])).toEqual([
      ['tcp', 443, 2, 2, 2000, 2],
      ['tcp', 50000, 1, 2, 120, 1],
      ['udp', 3478, 1, 1, 100, 1],
      ['udp', 5000, 1, 1, 90, 1],
    ])
    expect(s[0].name).toBe('https')
    expect(computeServices(c.tcp, c.udp, 1)).toHaveLength(1)
  })
})
