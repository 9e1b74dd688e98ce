/**
 * What a view registers to appear in the view list (src/components/views/index.ts collects them; the
 * exploration views come from src/components/explore/index.ts as `exploreViews`).
 *
 * A view component gets the current DataSource and asks it for data with useQuery (src/state/use-query.ts);
 * it reads and writes the shared filter expression and time range through useViewStore (src/state/view-store.ts),
 * which keeps them in the URL. It renders its own export buttons (ExportButtons in src/components/shell) and
 * must be usable from the keyboard.
 */
import type { ComponentType } from 'react'
import type { DataSource } from '../../state/data-source.ts'

export interface ViewProps {
  /** The data of the capture on screen: the live analysis in the worker, or a stored session. */
  readonly source: DataSource
}

export interface ViewDefinition {
  /** URL-safe id: lower-case letters, digits and '-' (it goes into ?view=). */
  readonly id: string
  /** Short name in the view list. */
  readonly label: string
  /** One paragraph for learners: what the view shows and how to read it (shown above the view). */
  readonly explanation: string
  readonly component: ComponentType<ViewProps>
}
