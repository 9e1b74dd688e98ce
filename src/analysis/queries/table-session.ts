/**
 * What a traffic table's session keeps beside its TableSummary, and how the exploration data comes back from it:
 * the flows' ExploreSnapshot (table-explore.ts) packed into aggregates under 'explore' (pack.ts, as a capture
 * session keeps its own), and one small JSON aggregate 'table' with what the snapshot cannot say (whether the
 * table gave packet counts). Reading back trusts nothing: the snapshot passes the exploration views' validator
 * and the 'table' aggregate must have exactly its expected keys.
 */
import type { Aggregate } from '../../storage/session-types.ts'
import { validateExploreSnapshot } from './explore-snapshot-validate.ts'
import { packValue, unpackValue } from './pack.ts'
import { EXPLORE_PREFIX } from './snapshot.ts'
import type { TableExplore } from './table-explore.ts'

export const TABLE_FACTS_NAME = 'table'
export const TABLE_FACTS_VERSION = 1

/** Aggregates of a table session; a table read without flow records stores only the facts. */
export function tableSessionAggregates(explore: TableExplore | undefined): Record<string, Aggregate> {
  const aggregates: Record<string, Aggregate> = {}
  aggregates[TABLE_FACTS_NAME] = { kind: 'json', value: { version: TABLE_FACTS_VERSION, unknownPackets: explore?.unknownPackets ?? false, hasFlows: explore !== undefined } }
  if (explore !== undefined) packValue(explore.snapshot, EXPLORE_PREFIX, aggregates)
  return aggregates
}

/** The exploration data of a stored table session (undefined when it kept none); throws an Error saying what is wrong. */
export function restoreTableExplore(aggregates: Readonly<Record<string, Aggregate>>): TableExplore | undefined {
  const facts = Object.hasOwn(aggregates, TABLE_FACTS_NAME) ? aggregates[TABLE_FACTS_NAME] : undefined
  if (facts === undefined || facts.kind !== 'json') throw new Error('the table facts are missing')
  const v = facts.value
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new Error('the table facts are not an object')
  const keys = Object.keys(v).sort().join(',')
  if (keys !== 'hasFlows,unknownPackets,version') throw new Error('the table facts have unexpected keys')
  const { version, unknownPackets, hasFlows } = v as { version: unknown; unknownPackets: unknown; hasFlows: unknown }
  if (version !== TABLE_FACTS_VERSION) throw new Error(`table facts version ${String(version).slice(0, 20)} is not supported`)
  if (typeof unknownPackets !== 'boolean' || typeof hasFlows !== 'boolean') throw new Error('the table facts are not true or false')
  if (!hasFlows) return undefined
  return { snapshot: validateExploreSnapshot(unpackValue(EXPLORE_PREFIX, aggregates)), unknownPackets }
}
