/**
 * Says what an input looks like when it is not a capture, so the "cannot read this file" message can help:
 * an empty file, an archive to extract first, a web page saved instead of the download, a CSV table, or
 * unknown bytes shown in hex. Magic numbers from each format's own documentation (zip APPNOTE, RFC 1952, ...).
 */
import { escapeDisplay } from '../lib/escape.ts'

interface Signature {
  readonly bytes: readonly number[]
  readonly says: string
}

const SIGNATURES: readonly Signature[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], says: 'a zip archive: extract the capture from it first' },
  { bytes: [0x50, 0x4b, 0x05, 0x06], says: 'an empty zip archive' },
  { bytes: [0x42, 0x5a, 0x68], says: 'a bzip2 archive: decompress it first (nettwin unpacks gzip only)' },
  { bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], says: 'an xz archive: decompress it first (nettwin unpacks gzip only)' },
  { bytes: [0x28, 0xb5, 0x2f, 0xfd], says: 'a zstd archive: decompress it first (nettwin unpacks gzip only)' },
  { bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], says: 'a 7-Zip archive: extract the capture from it first' },
  { bytes: [0x52, 0x61, 0x72, 0x21, 0x1a, 0x07], says: 'a RAR archive: extract the capture from it first' },
  { bytes: [0x1f, 0x8b], says: 'a gzip file inside a gzip file: decompress it once first' },
  { bytes: [0x73, 0x6e, 0x6f, 0x6f, 0x70, 0x00], says: 'a Solaris snoop capture: convert it to pcap (editcap -F pcap)' },
  { bytes: [0x47, 0x4d, 0x42, 0x55], says: 'a Microsoft Network Monitor capture: convert it to pcapng (editcap -F pcapng)' },
  { bytes: [0x25, 0x50, 0x44, 0x46], says: 'a PDF document' },
  { bytes: [0x89, 0x50, 0x4e, 0x47], says: 'a PNG image' },
  { bytes: [0xff, 0xd8, 0xff], says: 'a JPEG image' },
  { bytes: [0x7f, 0x45, 0x4c, 0x46], says: 'an ELF executable' },
  { bytes: [0x4d, 0x5a], says: 'a Windows executable' },
]

function startsWith(head: Uint8Array, sig: readonly number[]): boolean {
  if (head.length < sig.length) return false
  for (let i = 0; i < sig.length; i++) if (head[i] !== sig[i]) return false
  return true
}

/** The first bytes as hex, for messages: "0a 1b 2c ...". */
export function hexPreview(head: Uint8Array, n = 16): string {
  const shown = Array.from(head.subarray(0, n), (b) => b.toString(16).padStart(2, '0')).join(' ')
  return head.length > n ? shown + ' …' : shown
}

/** True when the bytes are (nearly) all printable text: ASCII, tabs, line ends, or UTF-8 sequences. */
function looksLikeText(head: Uint8Array): boolean {
  let odd = 0
  for (const b of head) {
    if (b === 0) return false
    if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) odd++
  }
  return odd <= head.length / 50
}

function firstLine(text: string): string {
  return escapeDisplay(text.split(/\r\n|\r|\n/, 1)[0] ?? '', 60)
}

function describeText(head: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head).replace(/^\uFEFF/, '')
  const start = text.trimStart()
  const lower = start.slice(0, 64).toLowerCase()
  if (lower.startsWith('<!doctype html') || lower.startsWith('<html') || lower.startsWith('<head')) {
    return 'an HTML page (perhaps a web page saved instead of the capture it links to)'
  }
  if (lower.startsWith('<?xml') || lower.startsWith('<')) return 'an XML or markup document'
  if (start.startsWith('{') || start.startsWith('[')) return 'JSON text (perhaps an exported log, not a capture)'
  const line = firstLine(start)
  if (/[,;\t]/.test(line)) {
    return `text that looks like a CSV/TSV table, not a packet capture (first line: "${line}")`
  }
  return `plain text, not a packet capture (first line: "${line}")`
}

/** One phrase describing content that no capture format recognised. */
export function describeUnknownContent(head: Uint8Array): string {
  if (head.length === 0) return 'the file is empty'
  if (head.length < 4) return `the file is only ${head.length} byte(s) long (${hexPreview(head)})`
  for (const s of SIGNATURES) if (startsWith(head, s.bytes)) return `${s.says} (starts with ${hexPreview(head, 8)})`
  if (looksLikeText(head)) return describeText(head)
  return `unknown binary data (starts with ${hexPreview(head)})`
}
