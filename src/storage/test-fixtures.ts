/**
 * Test helpers for the storage tests: an isolated fake IndexedDB per test, a controllable clock, and drafts
 * with every column type. Not imported by app code.
 */
// The auto import installs IDBKeyRange (and a default indexedDB) as globals, as a browser has them.
import 'fake-indexeddb/auto'
import { IDBFactory } from 'fake-indexeddb'
import type { CaptureSummary } from '../analysis/capture-summary.ts'
import { type LockManagerLike, type SessionStorage, type StorageOptions, openSessionStorage } from './db.ts'
import type { ColumnTable, SessionDraft } from './session-types.ts'
import { ValidationError } from './validate.ts'

export class FakeClock {
  constructor(public time = 1_700_000_000_000) {}
  readonly now = (): number => this.time
  advance(ms: number): void {
    this.time += ms
  }
}

/** An in-memory Web Locks stand-in: held while the callback runs. */
export class FakeLocks implements LockManagerLike {
  readonly held = new Set<string>()
  async request<T>(name: string, callback: () => Promise<T>): Promise<T> {
    this.held.add(name)
    try {
      return await callback()
    } finally {
      this.held.delete(name)
    }
  }
  async query(): Promise<{ held: { name: string }[] }> {
    return { held: [...this.held].map((name) => ({ name })) }
  }
}

/** Opens storage on `factory` as one page load (its own pageId), without Web Locks unless given. */
export function openPage(factory: IDBFactory, clock: FakeClock, options: Partial<StorageOptions> = {}): Promise<SessionStorage> {
  return openSessionStorage({ factory, now: clock.now, locks: null, ...options })
}

export function freshFactory(): IDBFactory {
  return new IDBFactory()
}

export function makeSummary(overrides: Partial<CaptureSummary> = {}): CaptureSummary {
  return {
    fileName: 'web-mix.pcapng',
    format: 'pcapng',
    compression: null,
    linkTypes: [1],
    packets: 1234,
    capturedBytes: 456_789,
    bytes: 500_000,
    start: 1_600_000_000.25,
    end: 1_600_000_060.5,
    duration: 60.25,
    protocols: { eth: 1234, ipv4: 1200, tcp: 900, udp: 300, dns: 120 },
    ipConversations: 17,
    anomalies: { 'tcp.opt_invalid_len': 2 },
    truncated: false,
    unsupportedLinkTypes: {},
    interfaces: [{ linkType: 1, snaplen: 262_144, name: 'eth0', description: null, tsUnit: 1e-6, tsOffset: 0 }],
    comments: ['captured on the lab switch'],
    timePrecision: 'micro',
    flowMode: 'zeek',
    flows: 42,
    flowsEstimated: false,
    flowStates: { SF: 30, S0: 12 },
    conversations: { eth: 3, ipv4: 17, ipv6: 0, ip: 17, tcp: 20, udp: 10, overflowPackets: 0 },
    endpoints: 9,
    topTalkers: [{ address: '10.0.0.1', packets: 600, bytes: 300_000, exact: true }],
    windows: { bucketSeconds: 1, count: 61 },
    partial: false,
    cancelled: false,
    ...overrides,
  }
}

/** A flow table with one column of every type; values depend on the row so misplaced chunks show. */
export function makeFlows(rows: number): ColumnTable {
  const start = new Float64Array(rows)
  const bytes = new Uint32Array(rows)
  const port = new Uint16Array(rows)
  const proto = new Uint8Array(rows)
  const delta = new Int32Array(rows)
  const label: (string | null)[] = []
  for (let i = 0; i < rows; i++) {
    start[i] = 1_600_000_000 + i * 0.125
    bytes[i] = (i * 2_654_435_761) >>> 0
    port[i] = (i * 7919) & 0xffff
    proto[i] = i % 3 === 0 ? 6 : 17
    delta[i] = i % 2 === 0 ? -i : i
    label.push(i % 5 === 0 ? null : `host-${i}.example`)
  }
  return {
    rowCount: rows,
    columns: [
      { name: 'start', type: 'f64', data: start },
      { name: 'bytes', type: 'u32', data: bytes },
      { name: 'dstPort', type: 'u16', data: port },
      { name: 'proto', type: 'u8', data: proto },
      { name: 'delta', type: 'i32', data: delta },
      { name: 'label', type: 'json', data: label },
    ],
  }
}

export function makeDraft(options: { name?: string; rows?: number; file?: Uint8Array; summary?: CaptureSummary } = {}): SessionDraft {
  const rows = options.rows ?? 100
  return {
    name: options.name ?? 'Lab capture',
    source: { fileName: 'web-mix.pcapng', size: 500_000, format: 'pcapng', compression: null },
    summary: options.summary ?? makeSummary(),
    aggregates: {
      topTalkers: { kind: 'json', value: [{ address: '10.0.0.1', bytes: 1000 }, { address: '10.0.0.2', bytes: 500 }] },
      heatmap: {
        kind: 'table',
        table: { rowCount: 3, columns: [{ name: 'cells', type: 'f64', data: Float64Array.of(1.5, 2.5, 3.5) }] },
      },
    },
    flows: makeFlows(rows),
    originalFile: options.file ? new Blob([options.file as BlobPart], { type: 'application/vnd.tcpdump.pcap' }) : null,
  }
}

/** Deterministic bytes standing in for an original capture. */
export function fakeFileBytes(length: number): Uint8Array {
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i++) out[i] = (i * 31 + (i >>> 8)) & 0xff
  return out
}

/** Every [sessionId, key] in the chunk store, read with raw IndexedDB (independent of the code under test). */
export async function allChunkKeys(storage: SessionStorage): Promise<[string, string][]> {
  return (await storage.db.getAllKeys('chunks')) as [string, string][]
}

/** The message a validator throws for `run`'s input, or 'accepted' when it throws none. */
export function validationProblem(run: () => unknown): string {
  try {
    run()
  } catch (e) {
    if (e instanceof ValidationError) return e.message
    throw e
  }
  return 'accepted'
}
