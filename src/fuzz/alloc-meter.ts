/**
 * Measures the largest single buffer a reader allocates (shared/RELIABILITY.md: "no allocation larger than the
 * bytes actually left in the file"). While installed, the global ArrayBuffer and typed-array constructors are
 * replaced by proxies that note the byte size of every `new X(length)` and `new ArrayBuffer(n)` and then build the
 * real object, so instanceof checks and subclasses keep working. A size that is not a safe length (NaN, negative,
 * above 2^32) is noted as well: it is exactly the bug class the meter exists to catch.
 *
 * Test and fuzz use only: it patches globals, so it is installed around one read at a time and always removed.
 */

type Ctor = abstract new (...args: never[]) => unknown

const TYPED_ARRAYS = [
  'Uint8Array', 'Uint8ClampedArray', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array',
  'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array',
] as const

type Patched = (typeof TYPED_ARRAYS)[number] | 'ArrayBuffer'

/** Bytes the constructor call will reserve, or 0 when it views existing memory (a buffer or array argument). */
function requestedBytes(name: Patched, args: readonly unknown[]): number {
  const first = args[0]
  if (typeof first !== 'number') return 0 // a buffer, an array or an iterable: sized by existing data
  if (name === 'ArrayBuffer') return first
  const per = (globalThis as unknown as Record<string, { BYTES_PER_ELEMENT: number }>)[name].BYTES_PER_ELEMENT
  return first * per
}

export class AllocationMeter {
  /** Largest single request seen since the last reset (NaN and Infinity are kept as they came). */
  largest = 0
  /** The constructor that made the largest request. */
  largestBy = ''
  private originals: Partial<Record<Patched, Ctor>> = {}
  private installed = false

  reset(): void {
    this.largest = 0
    this.largestBy = ''
  }

  private note(name: Patched, bytes: number): void {
    if (!(bytes <= this.largest)) {
      // NaN compares false with everything, so it is recorded once and then kept (it never goes back to a number).
      if (Number.isNaN(this.largest)) return
      this.largest = bytes
      this.largestBy = name
    }
  }

  install(): void {
    if (this.installed) return
    const g = globalThis as unknown as Record<Patched, Ctor>
    for (const name of [...TYPED_ARRAYS, 'ArrayBuffer'] as const) {
      const original = g[name]
      this.originals[name] = original
      g[name] = new Proxy(original, {
        construct: (target, args, newTarget) => {
          this.note(name, requestedBytes(name, args))
          return Reflect.construct(target, args, newTarget === g[name] ? target : newTarget) as object
        },
      })
    }
    this.installed = true
  }

  uninstall(): void {
    if (!this.installed) return
    const g = globalThis as unknown as Record<Patched, Ctor>
    for (const [name, original] of Object.entries(this.originals) as [Patched, Ctor][]) g[name] = original
    this.originals = {}
    this.installed = false
  }

  /** Runs `fn` with the meter installed and returns its result with the largest allocation it made. */
  async measure<T>(fn: () => Promise<T>): Promise<{ readonly result: T; readonly largest: number; readonly largestBy: string }> {
    this.reset()
    this.install()
    try {
      const result = await fn()
      return { result, largest: this.largest, largestBy: this.largestBy }
    } finally {
      this.uninstall()
    }
  }
}
