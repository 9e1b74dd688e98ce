import { format, randomLcg } from 'd3'
import { describe, expect, it } from 'vitest'
import { describeNode, groupDigits, safeWeight } from './topology-text.ts'

describe('topology text', () => {
  it('groups digits exactly as d3.format(",") does', () => {
    const d3Grouped = format(',')
    const random = randomLcg(7)
    const values = [0, 1, 12, 123, 1234, 12345, 123456, 1234567, 999_999_999_999, 1e12, 1234567890123, 2 ** 53, 1e21, 1.5, 0.1, -3, -1234.5, NaN, Infinity]
    for (let i = 0; i < 2000; i++) values.push(Math.floor(random() * 10 ** Math.floor(random() * 16)))
    for (const v of values) expect(groupDigits(v), String(v)).toBe(d3Grouped(v))
  })

  it('describes a node as escaped text', () => {
    expect(describeNode({ id: 'a', label: 'web', group: 'server', weight: 1234567 })).toBe('web (server): 1,234,567')
    expect(describeNode({ id: 's', label: '10.0.1.0/24', group: 'client', weight: NaN, members: 1200, flagged: true }))
      .toBe('10.0.1.0/24 (client, 1,200 hosts): 0, flagged')
    expect(describeNode({ id: 'x', label: 'a\u202eb', group: 'g', weight: 1 })).not.toContain('\u202e')
    expect(safeWeight(-1)).toBe(0)
    expect(safeWeight(Infinity)).toBe(0)
  })
})
