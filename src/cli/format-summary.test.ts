import { describe, expect, it } from 'vitest'
import type { CaptureSummary } from '../analysis/capture-summary.ts'
import { formatDuration, formatSummary, formatTime, groupDigits, humanBytes } from './format-summary.ts'

const summary: CaptureSummary = {
  fileName: 'x.pcap', format: 'pcap', compression: 'gzip', linkTypes: [1, 282],
  packets: 12345, capturedBytes: 1_500_000, bytes: 2_000_000, start: 1_600_000_000.25, end: 1_600_000_010.5,
  duration: 10.25, protocols: { eth: 12000, ip: 11000, tcp: 9000 }, ipConversations: 42,
  anomalies: { 'tcp.hlen_too_small': 3 }, truncated: 4096, unsupportedLinkTypes: { '282': 345 },
  interfaces: [], comments: ['made by a test'], timePrecision: 'micro', partial: false, cancelled: false,
  flowMode: 'zeek', flows: 40, flowsEstimated: false, flowStates: { SF: 30, S0: 10 },
  conversations: { eth: 2, ipv4: 12, ipv6: 0, ip: 12, tcp: 30, udp: 10, overflowPackets: 0 }, endpoints: 14,
  topTalkers: [{ address: '10.0.0.1', packets: 900, bytes: 1_000_000, exact: true }], windows: { bucketSeconds: 1, count: 11 },
}

describe('text summary helpers', () => {
  it('formats sizes in binary units and keeps small sizes exact', () => {
    expect(humanBytes(0)).toBe('0 B')
    expect(humanBytes(1023)).toBe('1023 B')
    expect(humanBytes(1536)).toBe('1.50 KiB')
    expect(humanBytes(200 * 2 ** 20)).toBe('200 MiB')
    expect(groupDigits(1234567)).toBe('1,234,567')
  })

  it('formats times in UTC with microseconds and durations in readable units', () => {
    expect(formatTime(1_600_000_000.25)).toBe('2020-09-13 12:26:40.250000 UTC')
    expect(formatTime(0.9999999)).toBe('1970-01-01 00:00:01.000000 UTC')
    expect(formatDuration(0.0125)).toBe('12.500 ms')
    expect(formatDuration(3725)).toBe('3725.000 s (1 h 2 min 5 s)')
  })

  it('prints aligned labels, named link types, counts and truncation', () => {
    const text = formatSummary(summary, 'dir/x.pcap')
    const lines = text.trimEnd().split('\n')
    const valueColumn = lines[0].indexOf('dir/x.pcap')
    expect(lines.every((l) => l.length >= valueColumn && l.slice(valueColumn - 2, valueColumn) === '  ')).toBe(true)
    expect(text).toContain('pcap (gzip-compressed)')
    expect(text).toContain('1 Ethernet')
    expect(text).toContain('282 Broadcom tag (prepended)')
    expect(text).toMatch(/Packets\s+12,345/)
    expect(text).toMatch(/tcp\.hlen_too_small\s+3/)
    expect(text).toMatch(/Truncated\s+yes, at byte 4,096/)
    expect(text).toMatch(/Not decoded\s+282 Broadcom tag \(prepended\)\s+345/)
  })
})
