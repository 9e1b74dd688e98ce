/**
 * The check a stored exploration snapshot passes before the exploration queries read it. It is the
 * exploration helper's validateExploreSnapshot (src/analysis/queries/explore-snapshot-validate.ts) once that
 * exists; until then only the snapshot's format tag and version are checked here.
 */
import { EXPLORE_SNAPSHOT_FORMAT, EXPLORE_SNAPSHOT_VERSION, type ExploreSnapshot } from '../analysis/queries/explore-snapshot.ts'
import type { ExploreInput } from '../analysis/queries/explore-source.ts'

export function validateStoredExplore(value: unknown): ExploreInput {
  const o = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null
  if (!o || o.format !== EXPLORE_SNAPSHOT_FORMAT || o.version !== EXPLORE_SNAPSHOT_VERSION) {
    throw new Error('the stored flow tables are missing or of an unknown version')
  }
  return value as ExploreSnapshot
}
