import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LabelTable, OTHER_LABELS, MAX_LABEL_CLASSES } from './label-table.ts'
import { capLength, MAX_INTERNED_LENGTH, StringTable } from './string-table.ts'

describe('StringTable', () => {
  it('gives each distinct value one id, 0 for the empty string, the same id from a string or a range', () => {
    const t = new StringTable()
    expect(t.intern('')).toBe(0)
    const a = t.intern('10.0.0.1')
    expect(t.intern('10.0.0.1')).toBe(a)
    expect(t.internRange('x,10.0.0.1,y', 2, 10)).toBe(a)
    expect(t.intern('10.0.0.2')).not.toBe(a)
    expect(t.strings[a]).toBe('10.0.0.1')
    expect(t.size).toBe(2)
  })

  it('caps long values and keeps their ids stable', () => {
    const t = new StringTable()
    const long = 'x'.repeat(MAX_INTERNED_LENGTH * 2)
    const id = t.intern(long)
    expect(t.strings[id]).toBe(capLength(long))
    expect(t.strings[id].length).toBe(MAX_INTERNED_LENGTH)
    expect(t.intern(long)).toBe(id)
  })

  it('stops adding past its cap and counts what it turned away', () => {
    const t = new StringTable(3)
    expect([t.intern('a'), t.intern('b'), t.intern('c')]).toEqual([1, 2, 0])
    expect(t.overflowed).toBe(1)
    expect(t.intern('a')).toBe(1)
  })

  it('agrees with a Map for any values, through growth (seed 77)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 6 }), { maxLength: 3000 }), (values) => {
        const t = new StringTable()
        const ref = new Map<string, number>()
        for (const v of values) {
          const id = t.intern(v)
          if (v === '') expect(id).toBe(0)
          else {
            if (!ref.has(v)) ref.set(v, id)
            expect(id).toBe(ref.get(v))
            expect(t.strings[id]).toBe(v)
          }
        }
        expect(t.size).toBe(ref.size)
      }),
      { seed: 77, numRuns: 200 },
    )
  })
})

describe('LabelTable', () => {
  it('counts rows per class and trims names', () => {
    const l = new LabelTable()
    const a = l.id(' DDoS ')
    l.count(a)
    l.count(l.id('DDoS'))
    l.count(l.id(''))
    expect(l.classes()).toEqual({ DDoS: { rows: 2 } })
    expect(l.unlabelled).toBe(1)
    expect(l.labelled).toBe(2)
  })

  it('puts classes past the cap under one name', () => {
    const l = new LabelTable()
    for (let i = 0; i <= MAX_LABEL_CLASSES + 5; i++) l.count(l.id(`c${i}`))
    expect(l.names.length).toBe(MAX_LABEL_CLASSES + 2)
    // MAX_LABEL_CLASSES + 6 names: the first MAX_LABEL_CLASSES have their own class, the last 6 share one.
    expect(l.classes()[OTHER_LABELS].rows).toBe(6)
  })
})
