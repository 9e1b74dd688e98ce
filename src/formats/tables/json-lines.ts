/**
 * JSON lines (https://jsonlines.org/): one JSON object per line, as Zeek writes its logs with
 * LogAscii::use_json and Suricata its eve.json. Each line goes through JSON.parse, which a strict
 * Content-Security-Policy allows (it evaluates nothing). Lines longer than the cap are skipped without being
 * held in memory; a line that is not valid JSON or not an object is rejected and reading goes on.
 *
 * JSON.parse makes "__proto__" an ordinary own property, but reading a key the line does not have would find
 * Object.prototype's members; read fields only through own(), which checks Object.hasOwn first.
 */
import { Utf8Slices } from './utf8-slices.ts'

export const DEFAULT_MAX_LINE_CHARS = 1024 * 1024

export type JsonLineRejectReason = 'line-too-long' | 'invalid-json' | 'not-an-object'

export type JsonObject = { readonly [key: string]: unknown }

export interface JsonLineSink {
  /** `text` is the line as written (for values JSON numbers cannot hold exactly). Return false to stop reading. */
  value(obj: JsonObject, line: number, text: string): boolean | void
  reject(line: number, reason: JsonLineRejectReason): void
}

/** obj[key] when obj is an object that has `key` as its own property, else undefined. */
export function own(obj: unknown, key: string): unknown {
  if (typeof obj !== 'object' || obj === null) return undefined
  return Object.hasOwn(obj, key) ? (obj as JsonObject)[key] : undefined
}

/** True for a non-array object. */
export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

export class JsonLinesReader {
  private readonly decoder = new Utf8Slices()
  private carry = ''
  /** The current line is over the cap: skip to its end. */
  private skipping = false
  private line = 1
  private stopped = false
  lines = 0
  rejected = 0

  constructor(private readonly sink: JsonLineSink, private readonly maxLineChars = DEFAULT_MAX_LINE_CHARS) {}

  get done(): boolean {
    return this.stopped
  }

  push(bytes: Uint8Array): void {
    if (!this.stopped) this.pushText(this.decoder.decode(bytes))
  }

  pushText(text: string): void {
    let pos = 0
    const n = text.length
    while (pos < n && !this.stopped) {
      const nl = text.indexOf('\n', pos)
      const stop = nl < 0 ? n : nl
      if (this.skipping) {
        // Nothing of an over-long line is kept.
      } else if (this.carry.length + (stop - pos) > this.maxLineChars) {
        this.carry = ''
        this.skipping = true
      } else if (nl < 0) {
        this.carry += text.slice(pos, n)
      } else {
        const lineText = this.carry.length > 0 ? this.carry + text.slice(pos, nl) : text.slice(pos, nl)
        this.carry = ''
        this.handle(lineText)
      }
      if (nl < 0) break
      if (this.skipping) {
        this.skipping = false
        this.rejected++
        this.sink.reject(this.line, 'line-too-long')
      }
      this.line++
      pos = nl + 1
    }
  }

  end(): void {
    if (this.stopped) return
    this.pushText(this.decoder.flush())
    if (this.stopped) return
    if (this.skipping) {
      this.skipping = false
      this.rejected++
      this.sink.reject(this.line, 'line-too-long')
    } else if (this.carry.length > 0) {
      const last = this.carry
      this.carry = ''
      this.handle(last)
    }
  }

  private handle(text: string): void {
    if (isBlank(text)) return
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      this.rejected++
      this.sink.reject(this.line, 'invalid-json')
      return
    }
    if (!isJsonObject(value)) {
      this.rejected++
      this.sink.reject(this.line, 'not-an-object')
      return
    }
    this.lines++
    if (this.sink.value(value, this.line, text) === false) this.stopped = true
  }
}

function isBlank(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c !== 32 && c !== 9 && c !== 13) return false
  }
  return true
}
