import { describe, expect, it } from 'vitest'
import { isAbort } from './format.ts'
import { frame } from './read-test-utils.ts'
import { blobSource, bytesSource } from './sources.ts'

async function collect(it: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = []
  for await (const s of it) out.push(s.slice())
  return out
}

function join(parts: Uint8Array[]): number[] {
  return parts.flatMap((p) => Array.from(p))
}

describe('bytesSource', () => {
  it('cuts the bytes into views of the chosen size', async () => {
    const bytes = frame(10)
    const slices = await collect(bytesSource(bytes, 'x', 3).slices())
    expect(slices.map((s) => s.length)).toEqual([3, 3, 3, 1])
    expect(join(slices)).toEqual(Array.from(bytes))
  })

  it('gives the head without consuming anything and rejects a bad slice size', async () => {
    const src = bytesSource(frame(10), 'x', 4)
    expect(Array.from(await src.head(4))).toEqual(Array.from(frame(4)))
    expect((await src.head(100)).length).toBe(10)
    expect((await collect(src.slices())).length).toBe(3)
    expect(() => bytesSource(frame(1), 'x', 0)).toThrow(RangeError)
  })
})

describe('blobSource', () => {
  it('reads a Blob in slices of the chosen size, never as a whole', async () => {
    const bytes = frame(1000)
    const blob = new Blob([bytes])
    const requested: number[] = []
    const original = blob.slice.bind(blob)
    blob.slice = (start?: number, end?: number) => {
      requested.push((end ?? 0) - (start ?? 0))
      return original(start, end)
    }
    const src = blobSource(blob, 'cap.pcap', 256)
    expect(src.size).toBe(1000)
    expect(src.name).toBe('cap.pcap')
    const slices = await collect(src.slices())
    expect(slices.map((s) => s.length)).toEqual([256, 256, 256, 232])
    expect(join(slices)).toEqual(Array.from(bytes))
    expect(Math.max(...requested)).toBe(256)
  })

  it('takes the name of a File and reads an empty blob as no slices', async () => {
    const file = new File([frame(5)], 'trace.pcapng')
    expect(blobSource(file).name).toBe('trace.pcapng')
    expect(await collect(blobSource(new Blob([])).slices())).toEqual([])
    expect((await blobSource(file).head(3)).length).toBe(3)
  })

  it('stops with AbortError between slices', async () => {
    const controller = new AbortController()
    const src = blobSource(new Blob([frame(100)]), 'x', 10)
    let seen = 0
    const error = await (async () => {
      for await (const _ of src.slices(controller.signal)) {
        seen++
        if (seen === 2) controller.abort()
      }
    })().then(
      () => null,
      (e: unknown) => e,
    )
    expect(isAbort(error)).toBe(true)
    expect(seen).toBe(2)
  })
})
