/**
 * Counterexamples kept as fixtures (shared/RELIABILITY.md: "every failure found is shrunk and kept as a
 * fixture"). Each fixture is `<target>-<hash>.bin` in src/fuzz/fixtures, with `<target>-<hash>.json` saying which
 * target it belongs to, what went wrong when it was found and how; a cut case also keeps the uncut file as
 * `<target>-<hash>.whole.bin`. fixtures.test.ts replays every one of them. Node-only (test and script code).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { FuzzFailure } from './run-fuzz.ts'

export const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/', import.meta.url))

export interface FixtureMeta {
  /** FuzzTarget.name. */
  readonly target: string
  /** What failed when the case was found (it passes once the bug is fixed). */
  readonly problem: string
  readonly description: string
  readonly slice: number
  readonly cutMayBeBoundary: boolean
  /** The run that found it: "unit" or "npm run fuzz", with its seed. */
  readonly foundBy: string
}

export interface Fixture {
  readonly name: string
  readonly meta: FixtureMeta
  readonly bytes: Uint8Array
  readonly whole: Uint8Array | null
}

function fnv(bytes: Uint8Array): string {
  let h = 0x811c9dc5
  for (const b of bytes) h = Math.imul(h ^ b, 0x01000193)
  return (h >>> 0).toString(16).padStart(8, '0')
}

const slug = (s: string): string => s.replace(/[^a-z0-9]+/gi, '-').toLowerCase()

/** Writes a failure as a fixture (once: the name is a hash of the bytes) and returns its name. */
export function saveFixture(target: string, failure: FuzzFailure, foundBy: string, dir = FIXTURE_DIR): string {
  mkdirSync(dir, { recursive: true })
  const name = `${slug(target)}-${fnv(failure.bytes)}`
  const meta: FixtureMeta = {
    target,
    problem: failure.problem,
    description: failure.description,
    slice: failure.case.slice,
    cutMayBeBoundary: failure.cut?.cutMayBeBoundary ?? true,
    foundBy,
  }
  writeFileSync(join(dir, `${name}.bin`), failure.bytes)
  if (failure.cut !== null) writeFileSync(join(dir, `${name}.whole.bin`), failure.cut.whole)
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(meta, null, 2)}\n`)
  return name
}

/** Every fixture in `dir`. */
export function loadFixtures(dir = FIXTURE_DIR): Fixture[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const name = f.slice(0, -'.json'.length)
      const meta = JSON.parse(readFileSync(join(dir, f), 'utf8')) as FixtureMeta
      const wholePath = join(dir, `${name}.whole.bin`)
      return {
        name,
        meta,
        bytes: new Uint8Array(readFileSync(join(dir, `${name}.bin`))),
        whole: existsSync(wholePath) ? new Uint8Array(readFileSync(wholePath)) : null,
      }
    })
}
