import { expect, it } from 'vitest'
import { linkTypeName } from './link-type-names.ts'

it('names registered, user and unknown link types', () => {
  expect(linkTypeName(1)).toBe('ETHERNET')
  expect(linkTypeName(276)).toBe('LINUX_SLL2')
  expect(linkTypeName(147)).toBe('USER0')
  expect(linkTypeName(162)).toBe('USER15')
  expect(linkTypeName(65535)).toBe('LINKTYPE 65535')
  // Inherited keys of a plain object must not pass for names.
  expect(linkTypeName(Number('constructor'))).toBe('LINKTYPE NaN')
})
