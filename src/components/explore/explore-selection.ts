/**
 * What the exploration views share among themselves: the host picked in the topology (or a table) whose
 * details are shown, and the replay's playhead. Small facts only; the data stays with the DataSource.
 */
import { create } from 'zustand'
import { setView } from '../../state/view-store.ts'

interface ExploreSelection {
  /** Address of the host whose details are open (null: none). */
  readonly host: string | null
  /** Replay playhead, seconds since the epoch (null: the start of the capture). */
  readonly playhead: number | null
}

export const useExploreSelection = create<ExploreSelection>(() => ({ host: null, playhead: null }))

/** Opens the details of a host (addresses only; group ids such as "subnet:..." are not hosts). */
export function selectHost(address: string | null): void {
  const isHost = address !== null && address.length > 0 && address.length <= 64 && !address.startsWith('subnet:') && address !== 'outside'
  useExploreSelection.setState({ host: isHost ? address : null })
}

export function setPlayhead(time: number | null): void {
  useExploreSelection.setState({ playhead: time !== null && Number.isFinite(time) ? time : null })
}

/** The id of the host details view (index.ts). */
export const HOST_VIEW_ID = 'host'

/** Selects a host and shows the host details view (from a table row). */
export function openHost(address: string): void {
  selectHost(address)
  if (useExploreSelection.getState().host !== null) setView(HOST_VIEW_ID)
}
