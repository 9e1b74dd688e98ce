import { describe, expect, it } from 'vitest'
import { decodeHead, detectDelimiter, headLines, headRows, isIpAddress, looksBinary, normName, uniqueNames } from './head-text.ts'

describe('head-text', () => {
  it('detects the delimiter that splits lines consistently, respecting quotes', () => {
    expect(detectDelimiter('a,b,c\n1,2,3\n')).toBe(',')
    expect(detectDelimiter('a\tb\tc\n1\t2,5\t3\n')).toBe('\t')
    expect(detectDelimiter('a;b\n"1;x";2\n')).toBe(';')
    expect(detectDelimiter('"x, y","z"\n"1, 2","3"\n')).toBe(',')
    expect(detectDelimiter('just words here\n')).toBeNull()
  })

  it('tells binary from text', () => {
    expect(looksBinary('a,b\n1,2\n')).toBe(false)
    expect(looksBinary('PK\u0003\u0004\u0000\u0000')).toBe(true)
    expect(looksBinary(decodeHead(new Uint8Array([0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0])))).toBe(true)
  })

  it('drops a last line the head may have cut', () => {
    expect(headLines('a\nb\nc')).toEqual(['a', 'b'])
    expect(headLines('a\nb\nc\n')).toEqual(['a', 'b', 'c'])
    expect(headRows('a,b\n1,2\n3,', ',')).toEqual([['a', 'b'], ['1', '2']])
  })

  it('normalises and de-duplicates header names', () => {
    expect(normName(' Flow Bytes/s')).toBe('flowbytess')
    expect(uniqueNames(['a', 'Fwd Header Length', 'Fwd Header Length', 'a'])).toEqual(['a', 'Fwd Header Length', 'Fwd Header Length.1', 'a.1'])
  })

  it('recognises IP addresses', () => {
    expect(isIpAddress('192.168.1.1')).toBe(true)
    expect(isIpAddress('2001:718:2:1663:dc58:6d9:ef13:51a5')).toBe(true)
    expect(isIpAddress('fe80::1%eth0')).toBe(true)
    expect(isIpAddress('256.1.1.1')).toBe(false)
    expect(isIpAddress('tcp')).toBe(false)
  })
})
