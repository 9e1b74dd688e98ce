/**
 * Strict schemas of what storage reads back: manifests and pending markers from IndexedDB, and the capture
 * summary (from IndexedDB or an imported file). The summary schema lists every CaptureSummary field, and the
 * compiler insists on it: a field added to CaptureSummary fails the build here until it gets a validator.
 */
import type { ConversationCounts } from '../analysis/conversations.ts'
import type { TopTalker } from '../analysis/top-talkers.ts'
import type { FlowModeName } from '../flows/flow-modes.ts'
import type { CaptureSummary } from '../analysis/capture-summary.ts'
import type { InterfaceInfo } from '../formats/format.ts'
import type { AggregateLayout, FileLayout, ManifestRecord, PendingRecord, SessionContents, TableLayout } from './schema.ts'
import {
  COLUMN_TYPES,
  type ColumnType,
  FORBIDDEN_KEYS,
  MAX_NAME_LENGTH,
  MAX_SESSION_NAME_LENGTH,
  SESSION_KINDS,
  type SessionSource,
  type SessionStats,
} from './session-types.ts'
import {
  type Validator,
  ValidationError,
  arrayOf,
  bool,
  either,
  int,
  literal,
  nullable,
  num,
  object,
  record,
  str,
  tagged,
} from './validate.ts'

export const MAX_COLUMNS = 256
export const MAX_AGGREGATES = 1024
/** 2^28 rows: a f64 column of that length is 2 GiB, the largest capture nettwin accepts. */
export const MAX_ROWS = 2 ** 28
export const MAX_ROWS_PER_CHUNK = 2 ** 20
/** Limits of a JSON value (aggregate, JSON column cell): shallow data, nothing like a document tree. */
export const JSON_LIMITS = { maxDepth: 32, maxNodes: 4_000_000, maxString: 65_536 } as const

const SAFE = Number.MAX_SAFE_INTEGER
const U32 = 0xffff_ffff
const finite = num(-Number.MAX_VALUE, Number.MAX_VALUE)
const count = int(0, SAFE)
const shortText = str(64)
const longText = str(4096)

/** A column or aggregate name: 1-128 characters and never a prototype key. */
export const entryName: Validator<string> = (v, path) => {
  const name = str(MAX_NAME_LENGTH, 1)(v, path)
  if (FORBIDDEN_KEYS.has(name)) throw new ValidationError(path, `forbidden name "${name}"`)
  return name
}

export const sessionName = str(MAX_SESSION_NAME_LENGTH, 1)
export const columnType = literal<ColumnType>(...COLUMN_TYPES)

const interfaceInfo = object<InterfaceInfo>({
  linkType: int(0, U32),
  snaplen: int(0, U32),
  name: nullable(longText),
  description: nullable(longText),
  tsUnit: num(Number.MIN_VALUE, Number.MAX_VALUE),
  tsOffset: finite,
})

/** Every CaptureSummary field but the optional ones, which captureSummary checks itself. */
type RequiredSummary = Omit<CaptureSummary, 'ipConversationsEstimated'>

const requiredSummary = object<RequiredSummary>({
  fileName: longText,
  format: shortText,
  compression: literal('gzip', null),
  linkTypes: arrayOf(int(0, U32), 65_536),
  packets: count,
  capturedBytes: count,
  bytes: count,
  start: nullable(finite),
  end: nullable(finite),
  duration: num(0, Number.MAX_VALUE),
  protocols: record(count, 4096),
  ipConversations: count,
  anomalies: record(count, 4096),
  truncated: either(literal(false), count),
  unsupportedLinkTypes: record(count, 65_536),
  interfaces: arrayOf(interfaceInfo, 65_536),
  comments: arrayOf(str(65_536), 65_536),
  timePrecision: shortText,
  flowMode: literal<FlowModeName>('wireshark', 'zeek', 'cicflowmeter'),
  flows: count,
  flowsEstimated: bool,
  flowStates: record(count, 64),
  conversations: object<ConversationCounts>({ eth: count, ipv4: count, ipv6: count, ip: count, tcp: count, udp: count, overflowPackets: count }),
  endpoints: count,
  topTalkers: arrayOf(object<TopTalker>({ address: str(256), packets: count, bytes: count, exact: bool }), 1000),
  windows: object<CaptureSummary['windows']>({ bucketSeconds: num(0, Number.MAX_VALUE), count }),
  partial: bool,
  cancelled: bool,
})

const estimatedFlag = literal(true)

/**
 * The capture summary: every required field, and `ipConversationsEstimated` only when it is there (summaries
 * from before the IP pair count was capped lack it; when present it can only be true).
 */
export const captureSummary: Validator<CaptureSummary> = (v, path) => {
  if (typeof v !== 'object' || v === null || !Object.hasOwn(v, 'ipConversationsEstimated')) return requiredSummary(v, path)
  const { ipConversationsEstimated, ...rest } = v as Record<string, unknown>
  const flag = estimatedFlag(ipConversationsEstimated, `${path}.ipConversationsEstimated`)
  return { ...requiredSummary(rest, path), ipConversationsEstimated: flag }
}

export const sessionSource = object<SessionSource>({
  fileName: longText,
  size: count,
  format: shortText,
  compression: literal('gzip', null),
})

export const sessionStats = object<SessionStats>({
  packets: count,
  bytes: count,
  start: nullable(finite),
  end: nullable(finite),
})

/** Checks names are unique (a second column of the same name would silently shadow the first). */
function unique<T>(inner: Validator<T[]>, nameOf: (item: T) => string): Validator<T[]> {
  return (v, path) => {
    const items = inner(v, path)
    const seen = new Set<string>()
    for (const item of items) {
      const name = nameOf(item)
      if (seen.has(name)) throw new ValidationError(path, `duplicate name "${name}"`)
      seen.add(name)
    }
    return items
  }
}

const columnLayout = object<{ name: string; type: ColumnType }>({ name: entryName, type: columnType })

export const tableLayout = object<TableLayout>({
  rowCount: int(0, MAX_ROWS),
  rowsPerChunk: int(1, MAX_ROWS_PER_CHUNK),
  columns: unique(arrayOf(columnLayout, MAX_COLUMNS), (c) => c.name),
})

const aggregateLayout = tagged<AggregateLayout>('kind', {
  json: object<AggregateLayout & { kind: 'json' }>({ name: entryName, kind: literal('json') }),
  table: object<AggregateLayout & { kind: 'table' }>({ name: entryName, kind: literal('table'), table: tableLayout }),
})

const fileLayout = object<FileLayout>({
  size: count,
  type: str(256),
  chunkBytes: int(1, 2 ** 30),
  chunkCount: count,
})

const sessionContents = object<SessionContents>({
  flows: nullable(tableLayout),
  aggregates: unique(arrayOf(aggregateLayout, MAX_AGGREGATES), (a) => a.name),
  originalFile: nullable(fileLayout),
  chunkCount: count,
  storedBytes: count,
})

export const manifestRecord = object<ManifestRecord>({
  id: str(64, 1),
  kind: literal(...SESSION_KINDS),
  name: sessionName,
  createdAt: finite,
  updatedAt: finite,
  schemaVersion: int(1, 1000),
  source: sessionSource,
  stats: sessionStats,
  hasOriginalFile: bool,
  contents: sessionContents,
})

export const pendingRecord = object<PendingRecord>({
  id: str(64, 1),
  pageId: str(64, 1),
  startedAt: finite,
  touchedAt: finite,
})
