import { describe, expect, it } from 'vitest'
import { portFlags } from './port-flags.ts'

describe('portFlags', () => {
  it('flags exactly the listed ports and ignores values that are not ports', () => {
    const flags = portFlags([0, 22, 65535, 70000, -1, 1.5])
    expect(flags.length).toBe(65536)
    const set = [...flags.keys()].filter((p) => flags[p] === 1)
    expect(set).toEqual([0, 22, 65535])
  })
})
