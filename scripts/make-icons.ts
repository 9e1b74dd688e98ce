/**
 * Writes the PWA icons (public/icons/*.png) from the same drawing as public/favicon.svg: a blue rounded square
 * with a white trace line. Rasterised here (4x4 supersampling) and encoded as PNG with node:zlib, so no image
 * tool is needed. Run: npx tsx scripts/make-icons.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { deflateSync } from 'node:zlib'

const BLUE = [0x1d, 0x4e, 0xd8] as const
/** The favicon's polyline in its 32x32 coordinates. */
const LINE: readonly (readonly [number, number])[] = [[6, 20], [11, 20], [14, 11], [18, 25], [21, 17], [26, 17]]
const STROKE = 2.5

function distanceToSegment(px: number, py: number, [ax, ay]: readonly [number, number], [bx, by]: readonly [number, number]): number {
  const dx = bx - ax
  const dy = by - ay
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy))
}

function insideRoundedSquare(x: number, y: number, radius: number): boolean {
  const cx = Math.min(Math.max(x, radius), 32 - radius)
  const cy = Math.min(Math.max(y, radius), 32 - radius)
  return Math.hypot(x - cx, y - cy) <= radius
}

/** RGBA pixels; `maskable` fills the whole square and shrinks the glyph into the 80% safe zone. */
function draw(size: number, maskable: boolean): Uint8Array {
  const rgba = new Uint8Array(size * size * 4)
  const S = 4
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let bg = 0
      let fg = 0
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const u = ((x + (sx + 0.5) / S) / size) * 32
          const v = ((y + (sy + 0.5) / S) / size) * 32
          if (!maskable && !insideRoundedSquare(u, v, 6)) continue
          bg++
          // The glyph in its own coordinates (shrunk around the centre for maskable icons).
          const k = maskable ? 0.8 : 1
          const gu = 16 + (u - 16) / k
          const gv = 16 + (v - 16) / k
          let d = Infinity
          for (let i = 1; i < LINE.length; i++) d = Math.min(d, distanceToSegment(gu, gv, LINE[i - 1], LINE[i]))
          if (d <= STROKE / 2) fg++
        }
      }
      const o = (y * size + x) * 4
      const a = bg / (S * S)
      const w = bg > 0 ? fg / bg : 0
      for (let c = 0; c < 3; c++) rgba[o + c] = Math.round(BLUE[c] * (1 - w) + 255 * w)
      rgba[o + 3] = Math.round(a * 255)
    }
  }
  return rgba
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8)
  head.writeUInt32BE(data.length, 0)
  head.write(type, 4, 'ascii')
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0)
  return Buffer.concat([head, data, crc])
}

/** PNG (https://www.w3.org/TR/png/): IHDR 8-bit RGBA, one IDAT with filter type 0 per row, IEND. */
function png(size: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr.set([8, 6, 0, 0, 0], 8)
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) raw.set(rgba.subarray(y * size * 4, (y + 1) * size * 4), y * (size * 4 + 1) + 1)
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  return Buffer.concat([signature, chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))])
}

const dir = new URL('../public/icons/', import.meta.url)
mkdirSync(dir, { recursive: true })
for (const [name, size, maskable] of [['icon-192.png', 192, false], ['icon-512.png', 512, false], ['icon-maskable-512.png', 512, true]] as const) {
  writeFileSync(new URL(name, dir), png(size, draw(size, maskable)))
}
