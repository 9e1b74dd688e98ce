import { describe, expect, it } from 'vitest'
import { captureSummary } from './record-schemas.ts'
import { makeSummary, validationProblem } from './test-fixtures.ts'

const problem = validationProblem

describe('captureSummary and the estimated IP conversation count', () => {
  it('accepts a summary with the flag and one without it, and keeps the flag only where it was', () => {
    const exact = makeSummary()
    expect('ipConversationsEstimated' in captureSummary(exact, 's')).toBe(false)
    const estimated = { ...makeSummary({ ipConversations: 1_234_567 }), ipConversationsEstimated: true }
    const read = captureSummary(estimated, 's')
    expect(read).toEqual(estimated)
    expect(read.ipConversationsEstimated).toBe(true)
  })

  it('refuses a flag that is not true, and still refuses unknown or missing keys next to it', () => {
    const base = makeSummary()
    expect(problem(() => captureSummary({ ...base, ipConversationsEstimated: false }, 's'))).toMatch(/^s\.ipConversationsEstimated/)
    expect(problem(() => captureSummary({ ...base, ipConversationsEstimated: 'yes' }, 's'))).toMatch(/^s\.ipConversationsEstimated/)
    expect(problem(() => captureSummary({ ...base, ipConversationsEstimated: true, extra: 1 }, 's'))).toBe('s: unknown key "extra"')
    const { flows: _dropped, ...rest } = base
    expect(problem(() => captureSummary({ ...rest, ipConversationsEstimated: true }, 's'))).toBe('s: missing key "flows"')
    expect(problem(() => captureSummary(null, 's'))).toBe('s: expected an object')
  })

  it('treats a __proto__ key beside the flag as data and refuses it', () => {
    const hostile = JSON.parse(`{"__proto__": {"polluted": 1}, "ipConversationsEstimated": true}`) as object
    const text = problem(() => captureSummary({ ...makeSummary(), ...hostile }, 's'))
    expect(text).toBe('s: forbidden key "__proto__"')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})
