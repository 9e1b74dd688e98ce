/**
 * One view on screen: its title, its explanation for learners (collapsible, open by default) and the view
 * itself, inside an error boundary so one failing view never takes the page down.
 */
import type { DataSource } from '../../state/data-source.ts'
import { ErrorBoundary } from '../ErrorBoundary.tsx'
import type { ViewDefinition } from '../views/view-definition.ts'

export function ViewFrame({ view, source }: { readonly view: ViewDefinition; readonly source: DataSource }) {
  const Component = view.component
  return (
    <section className="view" aria-labelledby="view-title" data-testid="view" data-view={view.id}>
      <h2 id="view-title">{view.label}</h2>
      <details className="explanation" open>
        <summary>What this view shows</summary>
        <p data-testid="view-explanation">{view.explanation}</p>
      </details>
      <ErrorBoundary key={`${view.id}:${source.id}`}>
        <Component source={source} />
      </ErrorBoundary>
    </section>
  )
}
