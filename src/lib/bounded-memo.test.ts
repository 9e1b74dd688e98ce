import { describe, expect, it } from 'vitest'
import { boundedMemo } from './bounded-memo.ts'

describe('boundedMemo', () => {
  it('computes each input once while it stays cached', () => {
    let calls = 0
    const upper = boundedMemo((s) => {
      calls++
      return s.toUpperCase()
    })
    expect(upper('ab')).toBe('AB')
    expect(upper('ab')).toBe('AB')
    expect(upper('cd')).toBe('CD')
    expect(calls).toBe(2)
  })

  it('never holds more than maxEntries and still answers correctly after clearing', () => {
    let calls = 0
    const id = boundedMemo((s) => {
      calls++
      return `<${s}>`
    }, 3)
    for (const s of ['a', 'b', 'c', 'd', 'a']) expect(id(s)).toBe(`<${s}>`)
    // 'd' cleared the cache (a, b, c), so 'a' had to be computed again.
    expect(calls).toBe(5)
  })
})
