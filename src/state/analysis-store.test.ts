import { expect, it } from 'vitest'
import { SAMPLES, sampleFromQuery } from './analysis-store.ts'

it('accepts only known sample names from the URL', () => {
  expect(sampleFromQuery(`?sample=${SAMPLES[0]}`)).toBe(SAMPLES[0])
  expect(sampleFromQuery('?sample=../../etc/passwd')).toBeNull()
  expect(sampleFromQuery('?sample=https://evil.example/x.pcap')).toBeNull()
  expect(sampleFromQuery('?sample=')).toBeNull()
  expect(sampleFromQuery('')).toBeNull()
})
