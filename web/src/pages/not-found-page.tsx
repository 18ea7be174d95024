// Shown for an address the dashboard has no page for.
import { Link } from '../components/link.js';

/** The not-found page. */
export default function NotFoundPage({ pathname }: { pathname: string }) {
  return (
    <div className="page not-found" data-testid="not-found">
      <div className="page-head">
        <div>
          <h1 className="page-title">Page not found</h1>
          <p className="page-subtitle">
            There is no page at <code>{pathname}</code>.
          </p>
        </div>
      </div>
      <p>
        <Link href="/" className="button button-primary">
          Go to the overview
        </Link>
      </p>
    </div>
  );
}
