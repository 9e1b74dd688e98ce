/**
 * PLACEHOLDER written by the shell helper so the view list compiles: the exploration helper owns this file and
 * replaces it with the flows / conversations / endpoints tables, topology, host details and replay views.
 * Contract: export `exploreViews`, an array of ViewDefinition (src/components/views/view-definition.ts).
 */
import type { ViewDefinition } from '../views/view-definition.ts'

export const exploreViews: readonly ViewDefinition[] = []
