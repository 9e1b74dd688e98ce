/**
 * A value that follows another at most once per interval: the first value at once, a change after a quiet
 * interval at once, changes in quick succession coalesced into one update at the end of the interval (the
 * latest value always arrives). For charts that redraw in full: while a file is read, their answers change
 * several times a second, and each redraw is a main-thread task.
 */
import { useEffect, useRef, useState } from 'react'

export function useThrottled<T>(value: T, intervalMs: number): T {
  const [shown, setShown] = useState(value)
  const last = useRef(-Infinity)
  useEffect(() => {
    if (Object.is(value, shown)) {
      // The first value counts as shown now: a change right after it waits its turn.
      if (last.current === -Infinity) last.current = performance.now()
      return
    }
    const show = () => {
      last.current = performance.now()
      setShown(() => value)
    }
    const wait = last.current + intervalMs - performance.now()
    if (wait <= 0) return show()
    const timer = setTimeout(show, wait)
    return () => clearTimeout(timer)
  }, [value, shown, intervalMs])
  return shown
}
