/** Every fuzz target, in the order the unit run and `npm run fuzz` take them. */
import { gzipTarget, pcapngTarget, pcapTarget } from './capture-target.ts'
import { sessionFileTarget, sessionHeaderTarget } from './session-target.ts'
import { tableTargets } from './table-target.ts'
import type { FuzzTarget } from './target.ts'

export const CAPTURE_TARGETS: readonly FuzzTarget[] = [pcapTarget, pcapngTarget, gzipTarget]
export const SESSION_TARGETS: readonly FuzzTarget[] = [sessionFileTarget, sessionHeaderTarget]
export const TABLE_TARGETS: readonly FuzzTarget[] = tableTargets

export const FUZZ_TARGETS: readonly FuzzTarget[] = [...CAPTURE_TARGETS, ...TABLE_TARGETS, ...SESSION_TARGETS]

/** The target named `name` (as printed in reports and fixture folders), or undefined. */
export function targetByName(name: string): FuzzTarget | undefined {
  return FUZZ_TARGETS.find((t) => t.name === name)
}
