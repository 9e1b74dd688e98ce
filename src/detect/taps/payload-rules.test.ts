import { describe, expect, it } from 'vitest'
import { matchRequest, normaliseUri } from './payload-rules.ts'

/** The rules' normalisation done the long way: always through decodeURIComponent, twice. */
function plainNormalise(uri: string): string {
  const once = (s: string): string => {
    try {
      return decodeURIComponent(s.replaceAll('+', ' '))
    } catch {
      return s.replace(/%([0-9a-f]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    }
  }
  return once(once(uri.slice(0, 4096))).toLowerCase()
}

describe('normaliseUri', () => {
  const uris = ['/index.html', '/a+b?c=d+e', '/q?x=%2527%20OR%201=1', '/%zz/%41', '/%252e%252e%252fetc/passwd', '/ünï/\u202e', '+', '%', '/x%2B%2b+y', '']
  it('gives what decoding every URI twice gives', () => {
    for (const u of uris) expect(normaliseUri(u)).toBe(plainNormalise(u))
  })

  it('still finds encoded and plain attacks', () => {
    expect(matchRequest('/q?id=1+UNION+SELECT+1', null).map((r) => r.id)).toContain('sqli-union')
    expect(matchRequest('/q?id=1%2520UNION%2520SELECT%25201', null).map((r) => r.id)).toContain('sqli-union')
    expect(matchRequest('/index.html', 'Mozilla/5.0')).toEqual([])
  })
})
