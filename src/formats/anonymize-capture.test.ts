import { describe, expect, it } from 'vitest'
import { analyzeCapture } from '../analysis/capture-summary.ts'
import { eth, ipv4, tcp } from '../decode/frame-test-kit.ts'
import { pcapngSeeds, pcapSeeds } from '../fuzz/capture-seeds.ts'
import { Anonymizer } from '../lib/anonymize/anonymizer.ts'
import { anonymizeCapture } from './anonymize-capture.ts'
import { writePcap } from './pcap-writer.ts'
import { concat, readWith } from './read-test-utils.ts'
import { pcapng } from './pcapng.ts'
import { bytesSource } from './sources.ts'

const anon = new Anonymizer(new Uint8Array(32).fill(9))

/** True when `needle` occurs anywhere in `hay`. */
function contains(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

describe('anonymizeCapture', () => {
  it('rewrites every pcap and pcapng seed: same packets, no original address left in the file', async () => {
    for (const seed of [...pcapSeeds(), ...pcapngSeeds()]) {
      const before = await analyzeCapture(bytesSource(seed.bytes, seed.label))
      const out = await anonymizeCapture(bytesSource(seed.bytes, seed.label), anon)
      const file = concat(...out.parts)
      expect(out.packets, seed.label).toBe(before.packets)
      expect(out.dropped).toBe(0)
      const after = await analyzeCapture(bytesSource(file, 'anonymised.pcapng'))
      expect(after.packets).toBe(before.packets)
      expect(after.protocols).toEqual(before.protocols)
      // The seeds' frames use 10.0.0.1/2, 2001:db8::1/2 and the MACs 00:11:22:33:44:55 / 66:77:88:99:aa:bb.
      for (const original of [[10, 0, 0, 1], [10, 0, 0, 2], [0x00, 0x11, 0x22, 0x33, 0x44, 0x55], [0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb]]) {
        expect(contains(file, Uint8Array.from(original)), `${seed.label} still holds ${original.join('.')}`).toBe(false)
      }
      expect(after.topTalkers.map((t) => t.address).sort()).toEqual(before.topTalkers.map((t) => anon.address(t.address)).sort())
    }
  })

  it('keeps no comments or interface names, and drops records it cannot rewrite', async () => {
    const seed = pcapngSeeds()[0]
    const out = await readWith(pcapng, concat(...(await anonymizeCapture(bytesSource(seed.bytes), anon)).parts))
    expect(out.report?.comments).toEqual([])
    expect(out.report?.interfaces.every((i) => i.name === null && i.description === null)).toBe(true)
    const wifi = writePcap([{ time: 1, data: new Uint8Array(40) }], { linkType: 105 })
    const r = await anonymizeCapture(bytesSource(wifi), anon)
    expect(r.packets).toBe(0)
    expect(r.dropped).toBe(1)
  })

  it('the same key gives the same file; another key another one', async () => {
    const pcap = writePcap([{ time: 1, data: eth(0x0800, ipv4(6, tcp(1, 2, new Uint8Array(4)), { src: '192.0.2.1' })) }])
    const a = concat(...(await anonymizeCapture(bytesSource(pcap), new Anonymizer(new Uint8Array(32).fill(1)))).parts)
    const b = concat(...(await anonymizeCapture(bytesSource(pcap), new Anonymizer(new Uint8Array(32).fill(1)))).parts)
    const c = concat(...(await anonymizeCapture(bytesSource(pcap), new Anonymizer(new Uint8Array(32).fill(2)))).parts)
    expect(a).toEqual(b)
    expect(a).not.toEqual(c)
  })
})
