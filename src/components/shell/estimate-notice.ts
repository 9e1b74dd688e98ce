/**
 * What the estimate banner says: which counts of the capture on screen passed a memory cap and became estimates
 * (flows past the flow table's cap, conversations past the conversation tables' caps, top talkers partly from
 * the overflow sketches). The tables list only what was kept, so the user must be told the totals are larger.
 */
import type { CaptureSummary } from '../../analysis/capture-summary.ts'

type EstimateFacts = Pick<CaptureSummary, 'flows' | 'flowsEstimated' | 'conversations' | 'topTalkers'> &
  Partial<Pick<CaptureSummary, 'ipConversations' | 'ipConversationsEstimated'>>

/** One sentence per estimated count, or [] when every count is exact. */
export function estimateNotices(s: EstimateFacts): string[] {
  const notes: string[] = []
  const n = (x: number): string => x.toLocaleString('en-US')
  if (s.flowsEstimated) {
    notes.push(`About ${n(s.flows)} flows: past the flow table's cap, further flows were counted by an estimate (HyperLogLog) and are not listed in the Flows table.`)
  }
  if (s.conversations.overflowPackets > 0) {
    notes.push(`Conversation counts are estimates: ${n(s.conversations.overflowPackets)} packets belonged to conversations past the tables' cap, which the Conversations table does not list.`)
  }
  if (s.ipConversationsEstimated === true && s.ipConversations !== undefined) {
    notes.push(`About ${n(s.ipConversations)} IP conversations: past the cap of distinct address pairs, further pairs were counted by an estimate (HyperLogLog).`)
  }
  if (s.topTalkers.some((t) => !t.exact)) notes.push('Top talker figures marked inexact include sketch estimates and may overcount.')
  return notes
}
