import { describe, expect, it } from 'vitest'
import { looksLikeRstOs0 } from './conn-state.ts'
import { createFlowTable } from './flow-table.ts'
import type { FlowModeName, FlowModeParams } from './flow-modes.ts'
import { FLOW_MODES } from './flow-modes.ts'
import type { PacketSpec } from './test-batch.ts'
import { batchOf, seg } from './test-batch.ts'

const C = '10.0.0.1:40000'
const S = '10.0.0.2:80'

function run(packets: readonly PacketSpec[], mode: FlowModeName | FlowModeParams = 'zeek') {
  const { ctx, batch } = batchOf(packets)
  const table = createFlowTable(mode)
  table.consume(batch, ctx)
  table.finish()
  return table.toRecords(ctx)
}

const handshake = [seg(0, C, S, 'S', 100, 0), seg(0.01, S, C, 'SA', 300, 101), seg(0.02, C, S, 'A', 101, 301)]

// One fixture per Zeek conn_state, each a minimal segment sequence that reaches it.
const fixtures: Record<string, { packets: PacketSpec[]; history: string }> = {
  S0: { packets: [seg(0, C, S, 'S', 100, 0)], history: 'S' },
  S1: { packets: [...handshake, seg(0.03, C, S, 'PA', 101, 301, 10)], history: 'ShAD' },
  SF: {
    packets: [
      ...handshake,
      seg(0.03, C, S, 'PA', 101, 301, 10),
      seg(0.04, S, C, 'PA', 301, 111, 20),
      seg(0.05, C, S, 'FA', 111, 321),
      seg(0.06, S, C, 'FA', 321, 112),
      seg(0.07, C, S, 'A', 112, 322),
    ],
    history: 'ShADdFf',
  },
  REJ: { packets: [seg(0, C, S, 'S', 100, 0), seg(0.01, S, C, 'RA', 0, 101)], history: 'Sr' },
  S2: { packets: [...handshake, seg(0.03, C, S, 'FA', 101, 301)], history: 'ShAF' },
  S3: { packets: [...handshake, seg(0.03, S, C, 'FA', 301, 101)], history: 'ShAf' },
  RSTO: { packets: [...handshake, seg(0.03, C, S, 'R', 101, 0)], history: 'ShAR' },
  RSTR: { packets: [...handshake, seg(0.03, C, S, 'PA', 101, 301, 5), seg(0.04, S, C, 'R', 301, 0)], history: 'ShADr' },
  RSTOS0: { packets: [seg(0, C, S, 'S', 100, 0), seg(0.5, C, S, 'R', 101, 0)], history: 'SR' },
  // The SYN was not seen: the first packet is the server's SYN-ACK, so the roles are flipped ('^').
  RSTRH: { packets: [seg(0, S, C, 'SA', 300, 101), seg(0.01, S, C, 'R', 301, 0)], history: '^hr' },
  SH: { packets: [seg(0, C, S, 'S', 100, 0), seg(0.5, C, S, 'F', 101, 0)], history: 'SF' },
  SHR: { packets: [seg(0, S, C, 'SA', 300, 101), seg(0.01, S, C, 'FA', 301, 101)], history: '^hf' },
  OTH: { packets: [seg(0, '10.0.0.1:40000', '10.0.0.2:50000', 'PA', 5000, 7000, 10)], history: 'D' },
}

describe('Zeek conn_state: every state reached by a segment-level fixture', () => {
  for (const [state, f] of Object.entries(fixtures)) {
    it(`reaches ${state} with history ${f.history}`, () => {
      const [r, ...rest] = run(f.packets)
      expect(rest).toHaveLength(0)
      expect(r.state).toBe(state)
      expect(r.history).toBe(f.history)
    })
  }

  it('makes failed, refused and half-open connections distinguishable', () => {
    const states = new Set(['S0', 'REJ', 'SH', 'RSTOS0', 'OTH'].map((s) => run(fixtures[s].packets)[0].state))
    expect(states.size).toBe(5)
  })

  it('keeps the originator as the client when the SYN-ACK is seen first', () => {
    const [r] = run(fixtures.RSTRH.packets)
    expect(r.origAddr).toBe('10.0.0.1')
    expect(r.origPort).toBe(40000)
    expect(r.respPort).toBe(80)
    expect(r.flipped).toBe(true)
    expect(r.origPkts).toBe(0)
    expect(r.respPkts).toBe(2)
  })

  it('flips a connection first seen at its SYN-ACK even when both ports are likely server ports', () => {
    const [r] = run([seg(0, '10.0.0.2:80', '10.0.0.1:6669', 'SA', 300, 101), seg(0.01, '10.0.0.1:6669', '10.0.0.2:80', 'A', 101, 301)])
    expect(r.history).toBe('^hA')
    expect(r.origPort).toBe(6669)
  })

  it('flips in the state machine when SYN and SYN-ACK arrive in reverse order', () => {
    // With the first packet's sender as originator, so that the SYN-ACK is not already flipped at the start.
    const firstPacket: FlowModeParams = { ...FLOW_MODES.zeek, name: 'custom', originator: 'first-packet' }
    const a = '10.0.0.5:50000'
    const b = '10.0.0.6:40000'
    const [r] = run([seg(0, a, b, 'SA', 300, 101), seg(0.001, b, a, 'S', 100, 0), seg(0.002, b, a, 'A', 101, 301)], firstPacket)
    expect(r.history).toBe('Hs^A')
    expect(r.origAddr).toBe('10.0.0.6')
    expect(r.state).toBe('S1')
  })

  it('records a FIN and a RST from the same packet as I, and SYN+FIN as Q', () => {
    expect(run([...handshake, seg(0.03, C, S, 'FRA', 101, 301)])[0].history).toBe('ShAI')
    expect(run([seg(0, C, S, 'SF', 100, 0)])[0].history).toBe('Q')
  })

  it('repeats S only for a new sequence number', () => {
    const same = run([seg(0, C, S, 'S', 100, 0), seg(1, C, S, 'S', 100, 0), seg(3, C, S, 'S', 100, 0)])
    expect(same[0].history).toBe('S')
    const differs = run([seg(0, C, S, 'S', 100, 0), seg(1, C, S, 'S', 900, 0)])
    // Zeek: a SYN with a new ISN on an open attempt is a new connection (IsReuse), so two S0 flows.
    expect(differs.map((r) => r.state)).toEqual(['S0', 'S0'])
  })
})

describe('RSTOS0 pattern', () => {
  it('matches Zeek\'s regular expression', () => {
    expect(looksLikeRstOs0('SR')).toBe(true)
    expect(looksLikeRstOs0('^SdR')).toBe(true)
    expect(looksLikeRstOs0('SAR')).toBe(false)
    expect(looksLikeRstOs0('S')).toBe(false)
    expect(looksLikeRstOs0('DSR')).toBe(false)
  })
})

describe('retransmissions, out-of-order segments, zero windows and gaps', () => {
  it('counts a resent data segment as a retransmission (T)', () => {
    const [r] = run([...handshake, seg(1, C, S, 'PA', 101, 301, 100), seg(1.5, C, S, 'PA', 101, 301, 100)])
    expect(r.origRetransmissions).toBe(1)
    expect(r.outOfOrder).toBe(0)
    expect(r.history).toBe('ShADT')
  })

  it('counts a segment filling a hole right after it as out of order', () => {
    const [r] = run([...handshake, seg(1, C, S, 'PA', 201, 301, 100), seg(1.001, C, S, 'PA', 101, 301, 100)])
    expect(r.outOfOrder).toBe(1)
    expect(r.origRetransmissions).toBe(0)
  })

  it('adds T logarithmically: after 1, 10 and 100 retransmissions', () => {
    const resend = (n: number) => Array.from({ length: n }, (_, k) => seg(2 + k, C, S, 'PA', 101, 301, 10))
    const hist = (n: number) => run([...handshake, seg(1, C, S, 'PA', 101, 301, 10), ...resend(n)])[0].history
    expect(hist(9)).toBe('ShADT')
    expect(hist(10)).toBe('ShADTT')
    expect(hist(100)).toBe('ShADTTT')
  })

  it('records zero windows (w from the responder)', () => {
    const [r] = run([...handshake, seg(1, S, C, 'A', 301, 101, 0, { win: 0 })])
    expect(r.zeroWindows).toBe(1)
    expect(r.history).toBe('ShAaw')
  })

  it('records a content gap in the originator\'s stream when the responder acknowledges bytes never seen', () => {
    const [r] = run([...handshake, seg(1, C, S, 'PA', 101, 301, 10), seg(1.1, S, C, 'A', 301, 611)])
    expect(r.history).toBe('ShADaG')
  })
})

describe('handshake round-trip time', () => {
  it('measures SYN -> SYN-ACK and SYN -> ACK', () => {
    const [r] = run([seg(0, C, S, 'S', 100, 0), seg(0.01, S, C, 'SA', 300, 101), seg(0.012, C, S, 'A', 101, 301)])
    expect(r.synAckRtt).toBeCloseTo(0.01, 6)
    expect(r.handshakeRtt).toBeCloseTo(0.012, 6)
    expect(r.handshake).toBe(true)
  })

  it('has no RTT without a complete handshake', () => {
    const [r] = run([seg(0, C, S, 'S', 100, 0), seg(0.01, S, C, 'SA', 300, 101)])
    expect(r.handshakeRtt).toBeNull()
    expect(r.handshake).toBe(false)
  })
})
