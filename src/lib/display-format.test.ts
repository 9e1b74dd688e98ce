import { describe, expect, it } from 'vitest'
import { formatCount, formatDuration, formatElapsed, formatSize, formatUtc } from './display-format.ts'

describe('display-format', () => {
  it('groups counts', () => {
    expect(formatCount(0)).toBe('0')
    expect(formatCount(1234567)).toBe('1,234,567')
    expect(formatCount(NaN)).toBe('NaN')
  })

  it('scales sizes in binary units', () => {
    expect(formatSize(512)).toBe('512 B')
    expect(formatSize(1536)).toBe('1.50 KiB')
    expect(formatSize(200 * 1024 * 1024)).toBe('200.0 MiB')
    expect(formatSize(-1)).toBe('-1')
  })

  it('prints UTC with microseconds, carrying a rounded-up fraction', () => {
    expect(formatUtc(0)).toBe('1970-01-01T00:00:00.000000Z')
    expect(formatUtc(1618067916.501108)).toBe('2021-04-10T15:18:36.501108Z')
    expect(formatUtc(1.9999999)).toBe('1970-01-01T00:00:02.000000Z')
  })

  it('never throws on timestamps a Date cannot hold', () => {
    expect(formatUtc(1e300)).toContain('s since 1970')
    expect(formatUtc(Infinity)).toContain('Infinity')
  })

  it('formats durations exactly and readably', () => {
    expect(formatDuration(1.5)).toBe('1.500000 s')
    expect(formatDuration(133.996208)).toBe('133.996208 s (2 min 13 s)')
    expect(formatDuration(90061)).toBe('90061.000000 s (1 d 1 h)')
  })

  it('formats elapsed time', () => {
    expect(formatElapsed(0.42)).toBe('0.4 s')
    expect(formatElapsed(75)).toBe('1:15')
    expect(formatElapsed(-3)).toBe('0.0 s')
  })
})
