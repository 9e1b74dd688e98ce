import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { NodeFileSource, NotAFileError, READ_AHEAD } from './node-file-source.ts'

const dir = mkdtempSync(join(tmpdir(), 'nettwin-source-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name)
  writeFileSync(path, bytes)
  return path
}

const data = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff)

async function collect(source: NodeFileSource): Promise<{ sizes: number[]; bytes: number[] }> {
  const sizes: number[] = []
  const bytes: number[] = []
  // Copy each slice before asking for the next: the source may reuse its buffers.
  for await (const s of source.slices()) {
    sizes.push(s.length)
    bytes.push(...s)
  }
  return { sizes, bytes }
}

describe('NodeFileSource', () => {
  it('yields the whole file in slices of the chosen size, the last one shorter', async () => {
    const source = await NodeFileSource.open(file('a.bin', data), 300)
    expect(source.size).toBe(1000)
    expect(source.name).toBe('a.bin')
    const { sizes, bytes } = await collect(source)
    expect(sizes).toEqual([300, 300, 300, 100])
    expect(bytes).toEqual([...data])
  })

  it('yields the same bytes for every slice size, down to one byte', async () => {
    const path = file('b.bin', data.subarray(0, 37))
    for (const size of [1, 2, 5, 36, 37, 38, 1 << 24]) {
      const { bytes } = await collect(await NodeFileSource.open(path, size))
      expect(bytes).toEqual([...data.subarray(0, 37)])
    }
  })

  it('reuses its ring of read-ahead buffers in order: many slices, each exactly its part of the file', async () => {
    // 1000 bytes in 37-byte slices: 28 slices through a ring of READ_AHEAD + 1 buffers, wrapping several times.
    const source = await NodeFileSource.open(file('ring.bin', data), 37)
    const { sizes, bytes } = await collect(source)
    expect(sizes).toEqual([...new Array<number>(27).fill(37), 1000 - 27 * 37])
    expect(bytes).toEqual([...data])
    expect(READ_AHEAD).toBeGreaterThanOrEqual(1)
  })

  it('lets a consumer stop early with reads still in flight, and can be read again', async () => {
    const source = await NodeFileSource.open(file('early.bin', data), 50)
    const seen: number[] = []
    for await (const s of source.slices()) {
      seen.push(s[0])
      if (seen.length === 2) break
    }
    expect(seen).toEqual([data[0], data[50]])
    expect((await collect(source)).bytes).toEqual([...data])
  })

  it('gives the head without consuming anything, clipped to the file', async () => {
    const source = await NodeFileSource.open(file('c.bin', data), 64)
    expect([...(await source.head(4))]).toEqual([...data.subarray(0, 4)])
    expect((await source.head(5000)).length).toBe(64) // never more than one slice
    expect((await collect(source)).bytes.length).toBe(1000)
  })

  it('reads an empty file as no slices', async () => {
    const source = await NodeFileSource.open(file('empty.bin', new Uint8Array(0)))
    expect((await source.head(24)).length).toBe(0)
    expect((await collect(source)).sizes).toEqual([])
  })

  it('stops with an AbortError when the signal aborts', async () => {
    const source = await NodeFileSource.open(file('d.bin', data), 100)
    const controller = new AbortController()
    const seen: number[] = []
    await expect(
      (async () => {
        for await (const s of source.slices(controller.signal)) {
          seen.push(s.length)
          controller.abort()
        }
      })(),
    ).rejects.toMatchObject({ name: 'AbortError' })
    expect(seen).toEqual([100])
  })

  it('rejects a missing file and a directory', async () => {
    await expect(NodeFileSource.open(join(dir, 'missing.pcap'))).rejects.toMatchObject({ code: 'ENOENT' })
    await expect(NodeFileSource.open(dir)).rejects.toBeInstanceOf(NotAFileError)
  })
})
