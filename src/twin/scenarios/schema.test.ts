import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SCENARIO_KIND_IDS } from './kind-ids.ts'
import { parseScenarioSet, scenarioSetToJSON } from './schema.ts'

const parse = (v: unknown) => parseScenarioSet(JSON.stringify(v))
const error = (v: unknown): string => {
  const r = parse(v)
  return r.ok ? '' : r.error
}

describe('scenario file', () => {
  it('reads a minimal file with every default filled in', () => {
    const r = parse({ version: 1, scenarios: [{ kind: 'port-scan' }] })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.set.seed).toBe(1)
    expect(r.set.scenarios[0]).toEqual({
      id: 'port-scan-1', kind: 'port-scan', attacker: null, target: null, start: null, duration: null, intensity: 1,
      stealth: { rate: null, randomisation: 0, jitter: 0 }, seed: null,
    })
  })

  it('reads every field, offsets and absolute starts', () => {
    const r = parse({
      version: 1, seed: 9,
      scenarios: [
        { id: 'a', kind: 'beaconing', attacker: '10.0.0.5', target: 'new', start: 120, duration: 600, intensity: 0.5, stealth: { rate: 10, randomisation: 0.3, jitter: 0.2 }, seed: 4 },
        { kind: 'syn-flood', start: '2024-05-01T10:00:00Z' },
      ],
    })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    expect(r.set.scenarios[0]).toMatchObject({ id: 'a', attacker: '10.0.0.5', target: 'new', start: { offset: 120 }, duration: 600, intensity: 0.5, stealth: { rate: 10, randomisation: 0.3, jitter: 0.2 }, seed: 4 })
    expect(r.set.scenarios[1].start).toEqual({ at: Date.parse('2024-05-01T10:00:00Z') / 1000 })
    expect(r.set.scenarios[1].id).toBe('syn-flood-2')
  })

  it('knows every kind', () => {
    for (const kind of SCENARIO_KIND_IDS) expect(parse({ version: 1, scenarios: [{ kind }] }).ok).toBe(true)
  })

  it('rejects unknown keys at every level, without merging them', () => {
    expect(error({ version: 1, scenarios: [], extra: 1 })).toMatch(/unknown key "extra"/)
    expect(error({ version: 1, scenarios: [{ kind: 'port-scan', colour: 'red' }] })).toMatch(/scenarios\[0\]: unknown key "colour"/)
    expect(error({ version: 1, scenarios: [{ kind: 'port-scan', stealth: { slow: true } }] })).toMatch(/stealth: unknown key "slow"/)
    expect(parseScenarioSet('{"version":1,"scenarios":[],"__proto__":{"polluted":1}}').ok).toBe(false)
    expect(parseScenarioSet('{"version":1,"scenarios":[{"kind":"port-scan","constructor":{}}]}').ok).toBe(false)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('requires the version and refuses other versions', () => {
    expect(error({ scenarios: [] })).toMatch(/version/)
    expect(error({ version: 2, scenarios: [] })).toMatch(/unsupported version/)
    expect(error({ version: '1', scenarios: [] })).toMatch(/unsupported version/)
  })

  it('refuses bad values with the path of the problem', () => {
    expect(error({ version: 1, scenarios: [{ kind: 'teleport' }] })).toMatch(/scenarios\[0\]\.kind: unknown scenario kind/)
    expect(error({ version: 1, scenarios: [{ kind: 'port-scan', attacker: '10.0.0.256' }] })).toMatch(/attacker/)
    expect(error({ version: 1, scenarios: [{ kind: 'port-scan', target: 'example.com' }] })).toMatch(/target/)
    expect(error({ version: 1, scenarios: [{ kind: 'port-scan', intensity: 0 }] })).toMatch(/intensity/)
    expect(error({ version: 1, scenarios: [{ kind: 'port-scan', intensity: 1e9 }] })).toMatch(/intensity/)
    expect(error({ version: 1, scenarios: [{ kind: 'port-scan', duration: -5 }] })).toMatch(/duration/)
    expect(error({ version: 1, scenarios: [{ kind: 'port-scan', start: 'yesterday' }] })).toMatch(/start/)
    expect(error({ version: 1, scenarios: [{ kind: 'port-scan', start: '2300-01-01T00:00:00Z' }] })).toMatch(/between 1970 and 2106/)
    expect(error({ version: 1, scenarios: [{ kind: 'port-scan', start: '2024-13-01T00:00:00Z' }] })).toMatch(/start/)
    expect(error({ version: 1, scenarios: [{ kind: 'port-scan', stealth: { jitter: 2 } }] })).toMatch(/jitter/)
    expect(error({ version: 1, scenarios: [{ kind: 'port-scan', seed: 1.5 }] })).toMatch(/seed/)
    expect(error({ version: 1, scenarios: [{ kind: 'port-scan', id: '=cmd' }] })).toMatch(/id/)
    expect(error({ version: 1, scenarios: [{ kind: 'port-scan', id: 'x' }, { kind: 'host-sweep', id: 'x' }] })).toMatch(/duplicate id/)
    expect(error({ version: 1, scenarios: Array.from({ length: 65 }, () => ({ kind: 'port-scan' })) })).toMatch(/more than 64/)
    expect(parseScenarioSet('{"version":1,').ok).toBe(false)
    expect(parseScenarioSet('[]').ok).toBe(false)
    expect(parseScenarioSet('x'.repeat((1 << 20) + 1)).ok).toBe(false)
  })

  it('writes a file that reads back equal', () => {
    const r = parse({ version: 1, seed: 3, scenarios: [{ kind: 'dns-tunnel', attacker: '10.1.2.3', start: '2024-05-01T10:00:00.500Z', stealth: { jitter: 0.1 } }, { kind: 'port-scan', start: 30 }] })
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const again = parseScenarioSet(scenarioSetToJSON(r.set))
    expect(again).toEqual(r)
  })
})

describe('scenario file, any input', () => {
  it('gives a set or an error for any JSON value and any text, never a throw', () => {
    const seed = 20261121
    console.log(`scenario schema property seed ${seed}`)
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const r = parseScenarioSet(JSON.stringify(v) ?? 'null')
        return r.ok ? r.set.version === 1 : typeof r.error === 'string'
      }),
      { seed, numRuns: 2000 },
    )
    const valid = JSON.stringify({ version: 1, seed: 2, scenarios: [{ kind: 'port-scan', attacker: '10.0.0.1', start: 5, stealth: { jitter: 0.5 } }] })
    fc.assert(
      fc.property(fc.nat(valid.length - 1), fc.string({ maxLength: 4 }), (at, insert) => {
        const r = parseScenarioSet(valid.slice(0, at) + insert + valid.slice(at + 1))
        return r.ok || typeof r.error === 'string'
      }),
      { seed, numRuns: 2000 },
    )
  })
})
