/**
 * Shows its children from the task after its own first commit. The Alerts view appears whole when the first
 * detection answer arrives mid-read; committing the header, the timeline and the virtualised table together
 * (the table measures its scroller, which forces the layout of everything new) was one task of about 50 ms.
 * Mounted in two steps, each task lays out only its half. Later renders are not delayed.
 */
import { startTransition, useEffect, useState, type ReactNode } from 'react'

export function MountLater({ children }: { readonly children: ReactNode }) {
  const [ready, setReady] = useState(false)
  useEffect(() => {
    if (ready) return
    // A timer, not an animation frame: frames do not run in a hidden tab, and the view must still appear there.
    const timer = setTimeout(() => startTransition(() => setReady(true)), 0)
    return () => clearTimeout(timer)
  }, [ready])
  return ready ? children : null
}
