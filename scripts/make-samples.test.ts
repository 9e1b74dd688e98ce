import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { analyzeCapture } from '../src/analysis/capture-summary.ts'
import { bytesSource } from '../src/formats/sources.ts'
import { buildWebMix } from './make-samples.ts'

const same = (a: Uint8Array, b: Uint8Array): boolean => Buffer.from(a).equals(Buffer.from(b))

it('builds the same bytes on every run, and public/samples holds them', () => {
  const built = buildWebMix().bytes
  expect(same(built, buildWebMix().bytes)).toBe(true)
  const shipped = readFileSync(new URL('../public/samples/web-mix.pcapng', import.meta.url))
  expect(same(built, shipped), 'public/samples/web-mix.pcapng is stale: run npx tsx scripts/make-samples.ts').toBe(true)
})

it('the web-mix sample reads back with every kind of summary row', async () => {
  const { bytes, packets } = buildWebMix()
  const s = await analyzeCapture(bytesSource(bytes, 'web-mix.pcapng'))
  expect(s.format).toBe('pcapng')
  expect(s.packets).toBe(packets)
  expect(s.linkTypes).toEqual([1])
  expect(s.truncated).toBe(false)
  // tshark -z io,phs on the generated file: 2 ARP, 10 DNS, 6 ICMP, 68 IPv6 frames; 4 IPv4 + 1 IPv6 conversations.
  expect(s.protocols.arp).toBe(2)
  expect(s.protocols.dns).toBe(10)
  expect(s.protocols.icmp).toBe(6)
  expect(s.protocols.ipv6).toBe(68)
  expect(s.protocols.tls).toBeGreaterThan(0)
  expect(s.protocols.http).toBeGreaterThan(0)
  expect(s.ipConversations).toBe(5)
  // The one damaged frame (IPv4 IHL 4) is the only anomaly.
  expect(Object.values(s.anomalies)).toEqual([1])
  expect(Object.keys(s.anomalies)[0]).toMatch(/^ipv4\./)
})
