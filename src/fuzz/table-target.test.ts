import { describe, expect, it } from 'vitest'
import { tablePrefixProblem } from './table-target.ts'
import type { Outcome } from './target.ts'

const report = (items: string[], wholeInputChoice?: string): Outcome => ({ kind: 'report', items, truncated: false, problem: null, ...(wholeInputChoice ? { wholeInputChoice } : {}) })

describe('tablePrefixProblem', () => {
  it('finds a cut table whose records are not the whole table\'s first ones', () => {
    expect(tablePrefixProblem(report(['a', 'x', 'c']), report(['a', 'b', 'c', 'd']))).toMatch(/record 1 of the cut table differs/)
    expect(tablePrefixProblem(report(['a', 'b', 'partial']), report(['a', 'b', 'c']))).toBeNull()
  })

  it('leaves out a cut that changed a choice made from the whole input (EVE records from alerts)', () => {
    const cut = report(['from alert line 2', 'from alert line 1'], 'flows from alerts')
    const whole = report(['flow line 3'])
    expect(tablePrefixProblem(cut, whole)).toBeNull()
    // The same choice on both sides is compared as usual.
    expect(tablePrefixProblem(report(['x', 'y'], 'flows from alerts'), report(['z', 'y'], 'flows from alerts'))).toMatch(/record 0/)
  })
})
