// The navigation: every page, grouped as the product is (understand, listen, act, prove, administer).
// A column beside the page on wide screens; a panel opened from the header's menu button on narrow ones.
import { writeFilters } from '../filters.js';
import { NAV_GROUPS, PAGES, type PageKey } from '../nav.js';
import { useFilters } from '../use-filters.js';
import { Link } from './link.js';

interface Props {
  current: PageKey | null;
  open: boolean;
  onNavigate: () => void;
}

/** The side navigation. */
export function SideNav({ current, open, onNavigate }: Props) {
  const [filters] = useFilters();
  // Pages that read the filters keep them when moving between each other.
  const carried = writeFilters(filters);
  return (
    <nav id="app-nav" className="side-nav" data-open={open} aria-label="Pages">
      {NAV_GROUPS.map((group) => (
        <div key={group} className="side-nav-group">
          <h2 className="side-nav-title">{group}</h2>
          <ul>
            {PAGES.filter((p) => p.group === group).map((p) => (
              <li key={p.key}>
                <Link
                  href={p.filters ? p.path + carried : p.path}
                  className="side-nav-link"
                  data-testid={`nav-${p.key}`}
                  aria-current={p.key === current ? 'page' : undefined}
                  onClick={onNavigate}
                >
                  {p.label}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </nav>
  );
}
