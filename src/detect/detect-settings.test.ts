import { describe, expect, it } from 'vitest'
import { DEFAULT_DETECT_SETTINGS, parseDetectSettings } from './detect-settings.ts'

describe('parseDetectSettings', () => {
  it('accepts parameters, switches and every baseline source', () => {
    const r = parseDetectSettings({ params: { 'port-scan': { threshold: 12 } }, enabled: { 'payload-indicator': true }, baseline: { kind: 'range', start: 10, end: 20 } })
    expect(r).toEqual({ ok: true, settings: { params: { 'port-scan': { threshold: 12 } }, enabled: { 'payload-indicator': true }, baseline: { kind: 'range', start: 10, end: 20 } } })
    expect(parseDetectSettings({})).toEqual({ ok: true, settings: { params: {}, enabled: {}, baseline: DEFAULT_DETECT_SETTINGS.baseline } })
    expect(parseDetectSettings({ baseline: { kind: 'none' } }).ok).toBe(true)
    expect(parseDetectSettings({ baseline: { kind: 'json', text: '{}', label: 'a.json' } }).ok).toBe(true)
  })

  it('refuses unknown keys and detectors, non-finite numbers and impossible periods, without throwing', () => {
    const bad: unknown[] = [
      null, 7, [], { extra: 1 }, { params: { nope: {} } }, { params: { 'port-scan': { threshold: Infinity } } }, { params: { 'port-scan': { threshold: 'x' } } },
      { enabled: { 'port-scan': 1 } }, { baseline: { kind: 'fraction', fraction: 0 } }, { baseline: { kind: 'fraction', fraction: 2 } },
      { baseline: { kind: 'range', start: 5, end: 5 } }, { baseline: { kind: 'range', start: NaN, end: 5 } }, { baseline: { kind: 'json', text: 5 } },
      { baseline: { kind: 'none', x: 1 } }, { baseline: { kind: 'session' } }, JSON.parse('{"__proto__": {"polluted": true}}'),
    ]
    for (const v of bad) {
      const r = parseDetectSettings(v)
      expect(r.ok, JSON.stringify(v)).toBe(false)
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })

  it('keeps a hostile parameter name as plain data', () => {
    const r = parseDetectSettings(JSON.parse('{"params":{"port-scan":{"__proto__":5}}}'))
    expect(r.ok).toBe(true)
    if (!r.ok) return
    const p = r.settings.params['port-scan']
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype)
    expect(Object.hasOwn(p, '__proto__')).toBe(true)
  })
})
