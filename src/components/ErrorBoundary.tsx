/** Keeps a rendering bug from blanking the page: shows what failed and a way back to a working page. */
import { Component, type ErrorInfo, type ReactNode } from 'react'

interface State {
  readonly failed: string | null
}

export class ErrorBoundary extends Component<{ readonly children: ReactNode }, State> {
  override state: State = { failed: null }

  static getDerivedStateFromError(error: unknown): State {
    return { failed: error instanceof Error ? error.message : String(error) }
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('nettwin: the page failed to render', error, info.componentStack)
  }

  override render() {
    if (this.state.failed === null) return this.props.children
    return (
      <section className="error card" role="alert">
        <h2>Something went wrong while showing the result</h2>
        <p className="error-text">{this.state.failed}</p>
        <button type="button" onClick={() => this.setState({ failed: null })}>
          Back
        </button>
      </section>
    )
  }
}
