import { describe, expect, it } from 'vitest'
import { installTrustedTypesPolicy, isOwnScriptUrl } from './trusted-types.ts'

type Options = { createHTML?: (s: string) => string; createScript?: (s: string) => string; createScriptURL?: (s: string) => string }

describe('the Trusted Types default policy', () => {
  const base = 'https://nettwin.example/app/index.html'

  it('lets only same-origin script files through', () => {
    expect(isOwnScriptUrl('./assets/engine.worker-abc.js', base)).toBe(true)
    expect(isOwnScriptUrl('/app/sw.js', base)).toBe(true)
    expect(isOwnScriptUrl('/workers/engine.worker.ts?worker_file&type=module', base)).toBe(true)
    expect(isOwnScriptUrl('https://evil.example/x.js', base)).toBe(false)
    expect(isOwnScriptUrl('data:text/javascript,alert(1)', base)).toBe(false)
    expect(isOwnScriptUrl('blob:https://nettwin.example/1234', base)).toBe(false)
    expect(isOwnScriptUrl('/app/index.html', base)).toBe(false)
  })

  it('creates the default policy once, refusing HTML and script text', () => {
    const made: { name: string; options: Options }[] = []
    const win = {
      location: { href: base },
      trustedTypes: {
        defaultPolicy: null as unknown,
        createPolicy(name: string, options: Options) {
          made.push({ name, options })
          this.defaultPolicy = options
          return options
        },
      },
    }
    expect(installTrustedTypesPolicy(win)).toBe(true)
    expect(installTrustedTypesPolicy(win)).toBe(true)
    expect(made.map((m) => m.name)).toEqual(['default'])
    const p = made[0].options
    expect(() => p.createHTML?.('<img src=x onerror=alert(1)>')).toThrow()
    expect(() => p.createScript?.('alert(1)')).toThrow()
    expect(p.createScriptURL?.('./sw.js')).toBe('./sw.js')
    expect(() => p.createScriptURL?.('https://evil.example/x.js')).toThrow()
  })

  it('does nothing where Trusted Types are not supported', () => {
    expect(installTrustedTypesPolicy({ location: { href: base } })).toBe(false)
  })
})
