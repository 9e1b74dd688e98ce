import { describe, expect, it } from 'vitest'
import { decode, hex } from './frame-test-kit.ts'

describe('LLC', () => {
  it('takes the SNAP protocol id as an EtherType for OUI 00-00-F8 (802.1H)', () => {
    const frame = hex(`
      001122334455 66778899aabb 0026   // 802.3 length 38
      aa aa 03 0000f8 0806             // SNAP, OUI 802.1H bridge tunnel, ARP
      0001 0800 06 04 0002 66778899aabb 0a000001 001122334455 0a000002
    `)
    expect(decode(1, frame).layers).toEqual(['eth', 'llc', 'arp'])
  })

  it('stops at a non-SNAP LLC frame (spanning tree)', () => {
    const frame = hex(`
      0180c2000000 66778899aabb 0026
      42 42 03                         // DSAP/SSAP 0x42 (STP), UI
      0000 00 00 ${'00'.repeat(32)}    // BPDU
    `)
    const d = decode(1, frame)
    expect(d.layers).toEqual(['eth', 'llc'])
    expect(d.anomalies).toEqual({})
  })

  it('stops at a SNAP header with a vendor OUI', () => {
    const frame = hex(`01000ccccccc 66778899aabb 0010  aa aa 03 00000c 2000  ${'00'.repeat(8)}`)
    expect(decode(1, frame).layers).toEqual(['eth', 'llc'])
  })
})
