/** The suite's own helpers, tested without the corpus: capinfos parsing, magic sniffing, the known-differences list. */
import { describe, expect, it } from 'vitest'
import { compare, consistentWithAverage, staleKnownDifferences, type OracleEntry } from './compare.ts'
import { captureMagic, parseCapinfos } from './corpus-index.ts'
import type { FileResult } from './corpus-runner.ts'
import { parseKnownDifferences } from './known-differences.ts'
import type { CaptureSummary } from '../src/analysis/capture-summary.ts'

const CAPINFOS = `=================== pcap/a.pcap
File type:           pcap
File encapsulation:  ether
Number of packets:   11
Average packet size: 83.82 bytes
=================== malformed/b.pcap
(pcap: network type 182 unknown or unsupported)
=================== pcapng/c.pcapng
File type:           pcapng
Number of packets:   4
Section 0:

Capture comment:     first
Section 1:
`

describe('parseCapinfos', () => {
  it('reads one entry per file, with null packets when capinfos could not read it', () => {
    const [a, b, c] = parseCapinfos(CAPINFOS)
    expect(a).toMatchObject({ path: 'pcap/a.pcap', dir: 'pcap', packets: 11, averagePacketSize: 83.82, encapsulation: 'ether' })
    expect(b).toMatchObject({ path: 'malformed/b.pcap', packets: null, note: '(pcap: network type 182 unknown or unsupported)' })
    expect(c).toMatchObject({ path: 'pcapng/c.pcapng', packets: 4, fileType: 'pcapng' })
  })
})

describe('captureMagic', () => {
  it('knows every pcap variant, pcapng and gzip, and nothing else', () => {
    const m = (...b: number[]): string | null => captureMagic(Uint8Array.from(b))
    expect(m(0xd4, 0xc3, 0xb2, 0xa1)).toBe('pcap')
    expect(m(0xa1, 0xb2, 0x3c, 0x4d)).toBe('pcap')
    expect(m(0x34, 0xcd, 0xb2, 0xa1)).toBe('pcap')
    expect(m(0x0a, 0x0d, 0x0d, 0x0a)).toBe('pcapng')
    expect(m(0x1f, 0x8b, 8, 0)).toBe('gzip')
    expect(m(0x23, 0x20, 0x6e, 0x65)).toBe(null)
    expect(m(0xd4, 0xc3)).toBe(null)
  })
})

describe('known differences', () => {
  const tsv = 'file\tfield\tours\ttshark\treason\n# comment\npcap/a.pcap\tipConversations\t3\t2\tbecause\n'
  const known = parseKnownDifferences(tsv)
  const oracle: Record<string, OracleEntry> = {
    'pcap/a.pcap': { size: 100, packets: 2, bytes: 120, capturedBytes: 100, ipv4Conversations: 2, ipv6Conversations: 0, customBlocks: 0, unparsedLines: 0, exitCode: 0, timedOut: false, warning: null },
  }
  const entries = new Map(parseCapinfos('=================== pcap/a.pcap\nNumber of packets:   2\nAverage packet size: 60.00 bytes\n').map((e) => [e.path, e]))
  const result = (ipConversations: number): FileResult => ({
    path: '/c/pcap/a.pcap', size: 100, ms: 1,
    result: { kind: 'ok', summary: { packets: 2, bytes: 120, capturedBytes: 100, ipConversations } as CaptureSummary },
  })
  const rel = (p: string): string => p.slice(3)

  it('rejects malformed lines', () => {
    expect(() => parseKnownDifferences('a\tb\tc\n')).toThrow(/line 1/)
  })

  it('marks a listed difference as known and an equal file as equal', () => {
    const listed = compare([result(3)], entries, oracle, known, rel)
    expect(listed.differences).toHaveLength(1)
    expect(listed.differences[0].known?.reason).toBe('because')
    expect(staleKnownDifferences(known, listed.differences)).toEqual([])
  })

  it('reports a listed difference that no longer occurs, or occurs with other values', () => {
    const fixed = compare([result(2)], entries, oracle, known, rel)
    expect(fixed.filesEqual).toBe(1)
    expect(staleKnownDifferences(known, fixed.differences)[0]).toMatch(/no longer differs/)
    const changed = compare([result(5)], entries, oracle, known, rel)
    expect(changed.differences[0].known).toBe(null)
    expect(staleKnownDifferences(known, changed.differences)[0]).toMatch(/now ours 5/)
  })

  it('accepts a byte sum within capinfos rounding of average x packets', () => {
    expect(consistentWithAverage(1000, 3, 333.33)).toBe(true)
    expect(consistentWithAverage(1003, 3, 333.33)).toBe(false)
  })
})
