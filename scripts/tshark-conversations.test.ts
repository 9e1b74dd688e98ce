import { describe, expect, it } from 'vitest'
import { parseTsharkConversations } from './tshark-conversations.ts'

const RULE = '================================================================================'
// Shaped like tshark 4.0's `-q -z conv,tcp -z conv,udp` output: two TCP conversations, one UDP conversation.
const SAMPLE = [
  RULE,
  'TCP Conversations',
  'Filter:<No Filter>',
  '                                               |       <-      | |       ->      | |     Total     |',
  '                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |',
  '10.0.0.1:80          <-> 10.0.0.2:51000             3 300 bytes       4 400 bytes       7 700 bytes',
  '[2001:db8::1]:443    <-> [2001:db8::2]:51001        1 86 bytes        1 86 bytes        2 172 bytes',
  RULE,
  RULE,
  'UDP Conversations',
  'Filter:<No Filter>',
  '                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |',
  '10.0.0.1:53          <-> 10.0.0.2:5353              1 90 bytes        1 70 bytes        2 160 bytes',
  RULE,
  '',
].join('\n')

describe('parseTsharkConversations', () => {
  it('counts the rows of the TCP and UDP tables', () => {
    expect(parseTsharkConversations(SAMPLE)).toEqual({ tcpConversations: 2, udpConversations: 1 })
  })

  it('reads a table without rows as zero and a missing table as null', () => {
    const onlyTcp = [RULE, 'TCP Conversations', 'Filter:<No Filter>', RULE, ''].join('\n')
    expect(parseTsharkConversations(onlyTcp)).toEqual({ tcpConversations: 0, udpConversations: null })
    expect(parseTsharkConversations('')).toEqual({ tcpConversations: null, udpConversations: null })
  })

  it('does not count rows of other tables', () => {
    const ip = [RULE, 'IPv4 Conversations', 'Filter:<No Filter>', '10.0.0.1 <-> 10.0.0.2  1 60 bytes', RULE].join('\n')
    expect(parseTsharkConversations(ip + '\n' + SAMPLE)).toEqual({ tcpConversations: 2, udpConversations: 1 })
  })
})
