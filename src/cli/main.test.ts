import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writePcap } from '../formats/pcap-writer.ts'
import type { CommandIo } from './command.ts'
import { main } from './main.ts'

const dir = mkdtempSync(join(tmpdir(), 'nettwin-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Runs the CLI in-process with captured output. */
async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const io: CommandIo = { out: (t) => void (out += t), err: (t) => void (err += t), interactive: false }
  const code = await main(argv, io)
  return { code, out, err }
}

/** Ethernet II + IPv4 + UDP 5353 -> 53 with a 4-byte payload (46 bytes). */
function udpFrame(src: number, dst: number): Uint8Array {
  const f = new Uint8Array(46)
  const v = new DataView(f.buffer)
  f.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1], 0) // destination, source MAC
  v.setUint16(12, 0x0800)
  f[14] = 0x45
  v.setUint16(16, 32) // total length: 20 IP + 8 UDP + 4
  f[22] = 64 // TTL
  f[23] = 17 // UDP
  v.setUint32(26, src)
  v.setUint32(30, dst)
  v.setUint16(34, 5353)
  v.setUint16(36, 9999)
  v.setUint16(38, 12) // UDP length
  return f
}

const capture = join(dir, 'two.pcap')
writeFileSync(
  capture,
  writePcap([
    { time: 1_700_000_000.5, data: udpFrame(0x0a000001, 0x0a000002) },
    { time: 1_700_000_001.75, data: udpFrame(0x0a000002, 0x0a000003), origLen: 60 },
  ]),
)

describe('nettwin command line', () => {
  it('prints usage and exits 2 without a command, 0 with --help', async () => {
    const none = await run()
    expect(none.code).toBe(2)
    expect(none.err).toContain('Usage: nettwin <command>')
    const help = await run('--help')
    expect(help.code).toBe(0)
    expect(help.out).toContain('analyze')
    expect(help.out).toContain('bench')
  })

  it('rejects an unknown command or option, or a wrong number of files, with exit code 2', async () => {
    expect((await run('frobnicate')).code).toBe(2)
    expect((await run('analyze', '--frob', capture)).code).toBe(2)
    expect((await run('analyze')).code).toBe(2)
    expect((await run('analyze', capture, capture)).code).toBe(2)
  })

  it('prints one JSON object with the summary fields', async () => {
    const { code, out, err } = await run('analyze', capture, '--json')
    expect(err).toBe('')
    expect(code).toBe(0)
    const s = JSON.parse(out) as Record<string, unknown>
    expect(s).toMatchObject({
      format: 'pcap', linkTypes: [1], packets: 2, capturedBytes: 92, bytes: 46 + 60,
      start: 1_700_000_000.5, end: 1_700_000_001.75, ipConversations: 2, truncated: false, compression: null,
    })
    expect(s.protocols).toMatchObject({ eth: 2, ip: 2, udp: 2 })
    expect(typeof s.anomalies).toBe('object')
  })

  it('prints a readable summary without --json', async () => {
    const { code, out } = await run('analyze', capture)
    expect(code).toBe(0)
    expect(out).toMatch(/^File\s+.*two\.pcap$/m)
    expect(out).toMatch(/^Link types\s+1 Ethernet$/m)
    expect(out).toMatch(/^Packets\s+2$/m)
    expect(out).toMatch(/^IP conversations\s+2$/m)
  })

  it('reports an unreadable input on one line of stderr with exit code 2', async () => {
    const text = join(dir, 'notes.pcap')
    writeFileSync(text, 'these are not packets\n')
    for (const [path, reason] of [
      [join(dir, 'missing.pcap'), 'no such file'],
      [dir, 'not a regular file'],
      [text, 'not a pcap or pcapng capture'],
    ]) {
      const { code, out, err } = await run('analyze', path)
      expect(code).toBe(2)
      expect(out).toBe('')
      expect(err.split('\n').filter(Boolean)).toHaveLength(1)
      expect(err).toContain(`nettwin: ${path}: ${reason}`)
      expect(err).not.toContain('notes.pcap: notes.pcap') // the file name once, not repeated by the reader's message
    }
  })
})
