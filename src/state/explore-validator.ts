/**
 * The check a stored exploration snapshot passes before the exploration queries read it: the exploration
 * views' own validator (explore-snapshot-validate.ts), which throws on anything it does not accept.
 */
import { validateExploreSnapshot } from '../analysis/queries/explore-snapshot-validate.ts'
import type { ExploreInput } from '../analysis/queries/explore-source.ts'

export function validateStoredExplore(value: unknown): ExploreInput {
  return validateExploreSnapshot(value)
}
