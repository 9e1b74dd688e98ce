import { describe, expect, it } from 'vitest'
import { parseTsharkOutput } from './tshark-output.ts'

// Shaped like tshark 4.0's output for a capture of two packets and a custom block, with one IPv4 and two IPv6 conversations.
const SAMPLE = [
  '74\t74\t',
  '24\t24\t32473', // a pcapng Custom Block shown as a frame
  '1514\t96',
  '================================================================================',
  'IPv6 Conversations',
  'Filter:<No Filter>',
  '                                               |       <-      | |       ->      | |     Total     |',
  '                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |',
  'fe80::1              <-> ff02::1                    0 0 bytes         1 86 bytes        1 86 bytes',
  '2001:db8::1          <-> 2001:db8::2                1 86 bytes        0 0 bytes         1 86 bytes',
  '================================================================================',
  '================================================================================',
  'IPv4 Conversations',
  'Filter:<No Filter>',
  '                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |',
  '192.168.1.11         <-> 209.87.249.18              5 520 bytes       6 402 bytes      11 922 bytes',
  '================================================================================',
  '',
].join('\n')

describe('parseTsharkOutput', () => {
  it('sums frame lengths and counts rows of each conversation table', () => {
    expect(parseTsharkOutput(SAMPLE)).toEqual({
      packets: 2,
      bytes: 74 + 1514,
      capturedBytes: 74 + 96,
      ipv4Conversations: 1,
      ipv6Conversations: 2,
      customBlocks: 1,
      unparsedLines: 0,
    })
  })

  it('reads an empty capture as zero and counts stray lines', () => {
    expect(parseTsharkOutput('')).toMatchObject({ packets: 0, bytes: 0, ipv4Conversations: 0 })
    expect(parseTsharkOutput('garbage\n60\t60\n').unparsedLines).toBe(1)
  })
})
