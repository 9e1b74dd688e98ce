/**
 * A job done a slice per animation frame (the topology chart's joins of many new elements), so that no single
 * task of the page makes and styles them all. Starting another job, or cancel(), stops the one in progress.
 */
export interface FrameSteps {
  /**
   * Runs `step` now (or from the next frame, with `fromNextFrame`), then once per frame for as long as it
   * returns true. Without requestAnimationFrame, only the first run happens: pass a step that finishes then.
   */
  run(step: () => boolean, fromNextFrame?: boolean): void
  cancel(): void
}

export function frameSteps(): FrameSteps {
  let generation = 0
  let frame: number | null = null

  function cancel(): void {
    generation++
    if (frame !== null && typeof cancelAnimationFrame === 'function') cancelAnimationFrame(frame)
    frame = null
  }

  return {
    run(step, fromNextFrame = false) {
      cancel()
      const mine = generation
      const canWait = typeof requestAnimationFrame === 'function'
      const tick = (): void => {
        frame = null
        if (mine !== generation) return
        if (step() && canWait) frame = requestAnimationFrame(tick)
      }
      if (fromNextFrame && canWait) frame = requestAnimationFrame(tick)
      else tick()
    },
    cancel,
  }
}
