// Keeps a page that failed to load or draw from blanking the whole dashboard.
import { Component, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** Changing it (the page's path) clears the error. */
  resetKey: string;
}

/** An error boundary around a page. */
export class ErrorBoundary extends Component<Props, { error: Error | null; key: string }> {
  override state = { error: null as Error | null, key: this.props.resetKey };

  static getDerivedStateFromProps(props: Props, state: { error: Error | null; key: string }) {
    return props.resetKey === state.key ? null : { error: null, key: props.resetKey };
  }

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (!this.state.error) return this.props.children;
    return (
      <div className="page">
        <div className="banner banner-error" role="alert">
          <span>This page could not be shown: {this.state.error.message}</span>
          <button type="button" className="button button-small" onClick={() => window.location.reload()}>
            Reload
          </button>
        </div>
      </div>
    );
  }
}
