import { describe, expect, it } from 'vitest'
import { FlowColumns } from './flow-columns.ts'

describe('FlowColumns growth', () => {
  it('grows by half without a limit', () => {
    const c = new FlowColumns(1024)
    c.ensure(1024)
    expect(c.capacity).toBe(1536)
  })

  it('stops at maxRows instead of overshooting it, keeps the rows, and still makes room for any id', () => {
    const c = new FlowColumns(1024)
    c.maxRows = 1200
    c.origPkts[1023] = 7
    c.ensure(1024)
    expect(c.capacity).toBe(1200)
    expect(c.origPkts.length).toBe(1200)
    expect(c.first.length).toBe(1200)
    expect(c.origPkts[1023]).toBe(7)
    // Past the limit (a table that imports more rows than its cap): room for the id, no more.
    c.ensure(1300)
    expect(c.capacity).toBe(1301)
  })
})
