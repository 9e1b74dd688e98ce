import { describe, expect, it } from 'vitest'
import { estimateNotices } from './estimate-notice.ts'

const conversations = { eth: 1, ipv4: 1, ipv6: 0, ip: 1, tcp: 1, udp: 0, overflowPackets: 0 }
const exactTalker = { address: '10.0.0.1', packets: 5, bytes: 500, exact: true }

describe('estimateNotices', () => {
  it('says nothing when every count is exact', () => {
    expect(estimateNotices({ flows: 12, flowsEstimated: false, conversations, topTalkers: [exactTalker] })).toEqual([])
  })

  it('names each count that passed a cap, with its estimate', () => {
    const notes = estimateNotices({
      flows: 10_140_637,
      flowsEstimated: true,
      conversations: { ...conversations, overflowPackets: 2_500 },
      topTalkers: [exactTalker, { ...exactTalker, exact: false }],
    })
    expect(notes).toHaveLength(3)
    expect(notes[0]).toContain('About 10,140,637 flows')
    expect(notes[1]).toContain('2,500 packets')
    expect(notes[2]).toMatch(/inexact/)
  })

  it('says when the IP conversation count is an estimate, and only then', () => {
    const base = { flows: 12, flowsEstimated: false, conversations, topTalkers: [exactTalker], ipConversations: 10_000_657 }
    expect(estimateNotices(base)).toEqual([])
    const notes = estimateNotices({ ...base, ipConversationsEstimated: true })
    expect(notes).toHaveLength(1)
    expect(notes[0]).toContain('About 10,000,657 IP conversations')
  })
})
