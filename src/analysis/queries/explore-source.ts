/**
 * Where a query's data comes from: a live CaptureAnalysis (in the worker) or a stored ExploreSnapshot (a
 * session opened from IndexedDB). Both become ExploreData; per-source caches (sorted row orders, derived
 * tables) live here and are dropped when the source's generation changes (more packets were read).
 */
import { CaptureAnalysis } from '../capture-analysis.ts'
import { liveExploreData } from './explore-live.ts'
import { type ExploreSnapshot, storedExploreData } from './explore-snapshot.ts'
import type { ExploreData } from './explore-types.ts'

export type ExploreInput = CaptureAnalysis | ExploreSnapshot

const stored = new WeakMap<ExploreSnapshot, ExploreData>()

/** The input as ExploreData (a stored snapshot is converted once). */
export function exploreData(input: ExploreInput): ExploreData {
  if (input instanceof CaptureAnalysis) return liveExploreData(input)
  let d = stored.get(input)
  if (d === undefined) {
    d = storedExploreData(input)
    stored.set(input, d)
  }
  return d
}

interface CacheEntry {
  generation: number
  readonly values: Map<string, unknown>
}

const caches = new WeakMap<object, CacheEntry>()

/** Most entries one source keeps (each can be a row order of every flow: a few MB). */
const MAX_ENTRIES = 8

/**
 * A value derived from `data`, computed once per key and generation. Keys name the query and its
 * parameters ("flows-order:<filter>:<sort>"); the oldest entries go first when there are too many.
 */
export function cached<T>(input: ExploreInput, data: ExploreData, key: string, compute: () => T): T {
  let entry = caches.get(input)
  if (entry === undefined || entry.generation !== data.generation) {
    entry = { generation: data.generation, values: new Map() }
    caches.set(input, entry)
  }
  if (entry.values.has(key)) {
    const hit = entry.values.get(key) as T
    // Re-insert so the Map's order is least recently used first.
    entry.values.delete(key)
    entry.values.set(key, hit)
    return hit
  }
  const value = compute()
  entry.values.set(key, value)
  while (entry.values.size > MAX_ENTRIES) {
    const oldest = entry.values.keys().next().value
    if (oldest === undefined) break
    entry.values.delete(oldest)
  }
  return value
}
