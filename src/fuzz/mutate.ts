/**
 * Structure-aware mutations of valid files (shared/RELIABILITY.md "Targets"): 40% aimed at the fields the
 * checklist names (lengths, counts, magic numbers, byte-order marks, timestamps), 40% random byte replacement at
 * 2%, 10% truncation and 10% block splicing (a block moved, duplicated or taken from another seed file, e.g. a
 * big-endian section into a little-endian file). A mutation is plain data drawn by fast-check, so it shrinks and
 * replays from the seed; applying it is deterministic.
 */
import fc from 'fast-check'

/** A field of a seed file that mutations aim at. */
export interface FieldSpot {
  readonly offset: number
  /** Width in bytes: 1, 2, 4 or 8. */
  readonly size: 1 | 2 | 4 | 8
  readonly littleEndian: boolean
  /** What it is, for reports ("epb.caplen", "shb.bom"). */
  readonly name: string
}

/** A text span of a seed (a table cell, a JSON value) that field mutations replace with a hostile token. */
export interface TextSpot {
  readonly offset: number
  readonly length: number
}

/** A valid file from the project's writers, with its fields and its block (record) boundaries. */
export interface Seed {
  readonly label: string
  readonly bytes: Uint8Array
  /** Binary fields to aim at; text seeds leave this empty and list `cells` instead. */
  readonly fields: readonly FieldSpot[]
  readonly cells?: readonly TextSpot[]
  /** Tokens that replace a cell (text seeds only). */
  readonly tokens?: readonly string[]
  /** Start of every block, then the file length; ascending. */
  readonly blocks: readonly number[]
}

export type Mutation =
  | { readonly kind: 'field'; readonly pick: number; readonly value: number; readonly relative: boolean }
  | { readonly kind: 'bytes'; readonly seed: number }
  | { readonly kind: 'cut'; readonly at: number }
  | { readonly kind: 'splice'; readonly from: number; readonly to: number; readonly donor: number; readonly replace: boolean }

/** Values that break length and count checks: zero, tiny, odd, at and past common caps, sign bits, all ones. */
export const INTERESTING = [
  0, 1, 2, 3, 4, 7, 8, 11, 12, 13, 15, 16, 24, 28, 31, 32, 63, 64, 127, 128, 255, 256, 1500, 65535, 65536, 262144, 262145,
  0x100000, 0x1000004, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff, 0x1a2b3c4d, 0x4d3c2b1a, 0x0a0d0d0a, 0xa1b2c3d4,
  0xd4c3b2a1, 0xa1b23c4d, 999_999, 1_000_000, 999_999_999, 1_000_000_000,
] as const

/** Deltas applied to a field's current value ("relative" mutations): off by one, by a word, doubled, negated. */
const DELTAS = [-1, 1, -4, 4, 8, -8, 0x10000, -0x10000] as const

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('field' as const),
      pick: fc.nat(),
      value: fc.oneof(fc.constantFrom(...INTERESTING), fc.constantFrom(...DELTAS), fc.nat()),
      relative: fc.boolean(),
    }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('bytes' as const), seed: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('splice' as const), from: fc.nat(), to: fc.nat(), donor: fc.nat(), replace: fc.boolean() }),
  },
)

/** One to three mutations, then maybe a cut (so a cut of a damaged file is tried too). */
export const mutationsArb: fc.Arbitrary<readonly Mutation[]> = fc.array(mutationArb, { minLength: 1, maxLength: 3 })

function writeField(bytes: Uint8Array, f: FieldSpot, value: number): void {
  if (f.offset < 0 || f.offset + f.size > bytes.length) return
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length)
  if (f.size === 1) v.setUint8(f.offset, value & 0xff)
  else if (f.size === 2) v.setUint16(f.offset, value & 0xffff, f.littleEndian)
  else if (f.size === 4) v.setUint32(f.offset, value >>> 0, f.littleEndian)
  // 64-bit fields (pcapng Section Length, timestamps, if_tsoffset): negative values as two's complement (-1 is
  // "unspecified"), others with the 32-bit value in both halves, which reaches past 2^53.
  else v.setBigUint64(f.offset, BigInt.asUintN(64, BigInt(Math.trunc(value)) * (value < 0 ? 1n : 0x100000001n)), f.littleEndian)
}

function readField(bytes: Uint8Array, f: FieldSpot): number {
  if (f.offset < 0 || f.offset + f.size > bytes.length) return 0
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length)
  if (f.size === 1) return v.getUint8(f.offset)
  if (f.size === 2) return v.getUint16(f.offset, f.littleEndian)
  if (f.size === 4) return v.getUint32(f.offset, f.littleEndian)
  return Number(v.getBigUint64(f.offset, f.littleEndian) & 0xffffffffn)
}

/** Replaces about 2% of the bytes (at least one) with bytes from a small deterministic generator. */
function corrupt(bytes: Uint8Array, seed: number): void {
  if (bytes.length === 0) return
  let x = (seed | 1) >>> 0
  const count = Math.max(1, Math.round(bytes.length * 0.02))
  for (let i = 0; i < count; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    const at = x % bytes.length
    x = (Math.imul(x, 1103515245) + 12345) >>> 0
    bytes[at] = x >>> 24
  }
}

const utf8 = new TextEncoder()

/** An index into a list of n from any drawn integer (negative ones included). */
const indexFor = (value: number, n: number): number => ((Math.trunc(value) % n) + n) % n

/** Replaces one text cell with a token. */
function replaceCell(bytes: Uint8Array, cell: TextSpot, tokens: readonly string[], value: number): Uint8Array {
  if (cell.offset + cell.length > bytes.length) return bytes
  const token = utf8.encode(tokens[indexFor(value, tokens.length)])
  const out = new Uint8Array(bytes.length - cell.length + token.length)
  out.set(bytes.subarray(0, cell.offset))
  out.set(token, cell.offset)
  out.set(bytes.subarray(cell.offset + cell.length), cell.offset + token.length)
  return out
}

function blockAt(seed: Seed, pick: number): [number, number] {
  const n = seed.blocks.length - 1
  if (n <= 0) return [0, seed.bytes.length]
  const i = pick % n
  return [seed.blocks[i], seed.blocks[i + 1]]
}

function splice(current: Uint8Array, seed: Seed, donors: readonly Seed[], m: Extract<Mutation, { kind: 'splice' }>): Uint8Array {
  const donor = donors.length > 0 && m.donor % 3 === 0 ? donors[m.donor % donors.length] : seed
  const [s, e] = blockAt(donor, m.from)
  const piece = donor.bytes.subarray(s, Math.min(e, donor.bytes.length))
  // Insert at a block boundary of the target (most splices), or at any byte.
  const boundaries = seed.blocks.filter((b) => b <= current.length)
  const at = m.to % 5 === 0 || boundaries.length === 0 ? m.to % (current.length + 1) : boundaries[m.to % boundaries.length]
  // Replacing drops the target's block that starts at `at` (or nothing when `at` is not a block start).
  const next = seed.blocks.find((b) => b > at) ?? current.length
  const removeEnd = m.replace && boundaries.includes(at) ? Math.min(current.length, next) : at
  const out = new Uint8Array(at + piece.length + (current.length - removeEnd))
  out.set(current.subarray(0, at))
  out.set(piece, at)
  out.set(current.subarray(removeEnd), at + piece.length)
  return out
}

/**
 * Applies the mutations in order to a copy of the seed. Field offsets and block boundaries refer to the seed; after
 * a splice or cut they may point elsewhere, which is itself a useful mutation. `donors` are other seeds of the
 * same format to splice from.
 */
export function applyMutations(seed: Seed, mutations: readonly Mutation[], donors: readonly Seed[] = []): Uint8Array {
  let bytes: Uint8Array = seed.bytes.slice()
  for (const m of mutations) {
    switch (m.kind) {
      case 'field': {
        if (seed.cells !== undefined && seed.cells.length > 0) {
          bytes = replaceCell(bytes, seed.cells[m.pick % seed.cells.length], seed.tokens ?? [''], m.value)
          break
        }
        if (seed.fields.length === 0) break
        const f = seed.fields[m.pick % seed.fields.length]
        const value = m.relative ? readField(bytes, f) + (DELTAS as readonly number[])[indexFor(m.value, DELTAS.length)] : m.value
        writeField(bytes, f, value)
        break
      }
      case 'bytes':
        corrupt(bytes, m.seed)
        break
      case 'cut':
        bytes = bytes.slice(0, m.at % (bytes.length + 1))
        break
      case 'splice':
        bytes = splice(bytes, seed, donors, m)
        break
    }
  }
  return bytes
}

/** Where the mutations end in a cut, the bytes before the cut (to compare the cut file with it), else null. */
export function beforeFinalCut(seed: Seed, mutations: readonly Mutation[], donors: readonly Seed[] = []): Uint8Array | null {
  const last = mutations[mutations.length - 1]
  if (last === undefined || last.kind !== 'cut') return null
  return applyMutations(seed, mutations.slice(0, -1), donors)
}

/** A readable description of a mutation list, for reports and fixture names. */
export function describeMutations(seed: Seed, mutations: readonly Mutation[]): string {
  return mutations
    .map((m) => {
      if (m.kind === 'field') {
        if (seed.cells !== undefined && seed.cells.length > 0) {
          const c = seed.cells[m.pick % seed.cells.length]
          return `cell @${c.offset} = ${JSON.stringify((seed.tokens ?? [''])[indexFor(m.value, (seed.tokens ?? ['']).length)])}`
        }
        const f = seed.fields.length > 0 ? seed.fields[m.pick % seed.fields.length] : null
        return `field ${f ? `${f.name}@${f.offset}` : '-'} ${m.relative ? 'delta' : '='} ${m.value}`
      }
      if (m.kind === 'bytes') return `2% bytes (seed ${m.seed})`
      if (m.kind === 'cut') return `cut at ${m.at}`
      return `splice ${m.from}->${m.to}${m.replace ? ' (replace)' : ''}`
    })
    .join('; ')
}
