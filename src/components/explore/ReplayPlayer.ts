/**
 * The replay clock: while playing, the playhead advances by `speed` capture seconds per wall second, in
 * ticks of TICK_MS, and stops at the end of the capture. Wall time is measured (not assumed), so a slow
 * frame does not slow the capture's clock down.
 */
import { useEffect } from 'react'
import { setPlayhead, useExploreSelection } from './explore-selection.ts'

export const TICK_MS = 200

export function useReplayClock(playing: boolean, speed: number, start: number, end: number, onEnd: () => void): void {
  useEffect(() => {
    if (!playing || !(end > start)) return
    let last = performance.now()
    const timer = setInterval(() => {
      const now = performance.now()
      const current = useExploreSelection.getState().playhead ?? start
      const next = Math.min(end, current + ((now - last) / 1000) * speed)
      last = now
      setPlayhead(next)
      if (next >= end) onEnd()
    }, TICK_MS)
    return () => clearInterval(timer)
  }, [playing, speed, start, end, onEnd])
}
