/**
 * Every view in the order of the view list: the shell's views, then the exploration views
 * (src/components/explore/index.ts `exploreViews`, owned by the exploration views).
 */
import { exploreViews } from '../explore/index.ts'
import { detectViews } from '../detect/index.ts'
import { twinViews } from '../twin/index.ts'
import { heatmapsView } from './HeatmapsView.tsx'
import { overviewView } from './OverviewView.tsx'
import { protocolsView } from './ProtocolsView.tsx'
import { timeSeriesView } from './TimeSeriesView.tsx'
import type { ViewDefinition } from './view-definition.ts'

const shellViews: readonly ViewDefinition[] = [overviewView, timeSeriesView, protocolsView, heatmapsView, ...detectViews, ...twinViews]
const shellIds = new Set(shellViews.map((v) => v.id))

export const VIEWS: readonly ViewDefinition[] = [...shellViews, ...exploreViews.filter((v) => !shellIds.has(v.id))]

/** The view with this id, or the overview. */
export function viewById(id: string): ViewDefinition {
  return VIEWS.find((v) => v.id === id) ?? overviewView
}
