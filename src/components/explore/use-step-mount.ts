/**
 * Mounting a list's first items a few per task. A virtual table's first screenful at once (about 25 rows of 14
 * cells, with their style and layout) was one task of 30-40 ms of CPU, and twice that in wall time while the
 * engine worker held the machine's other core. With this hook the table commits its frame first, then its
 * rows ROWS_PER_STEP at a time, a task each; once every wanted row is in, later renders (scrolling, new pages,
 * new data) are not stepped.
 */
import { startTransition, useEffect, useState } from 'react'

export const ROWS_PER_STEP = 8

/**
 * How many of `wanted` items to mount now: none in the task of the first commit, then ROWS_PER_STEP more per
 * task (a timer rather than an animation frame, so a hidden tab still gets there; a transition, so React may
 * slice the render) until all are in; from then on every item, whatever `wanted` becomes.
 */
export function useStepMount(wanted: number, step = ROWS_PER_STEP): number {
  const [budget, setBudget] = useState(0)
  const done = budget === Infinity
  const short = !done && wanted > budget
  useEffect(() => {
    if (done) return
    if (!short) {
      // Every wanted item is in (and there was at least one): stop stepping.
      if (budget > 0) setBudget(Infinity)
      return
    }
    const timer = setTimeout(() => startTransition(() => setBudget((b) => b + step)), 0)
    return () => clearTimeout(timer)
  }, [done, short, budget, step])
  return budget
}
