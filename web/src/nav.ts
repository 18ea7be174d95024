// The dashboard's pages and their paths (the server answers every page path with the app). Pure, so
// tests and the router read the same table.

/** A page of the dashboard. */
export type PageKey =
  | 'overview'
  | 'journeys'
  | 'drivers'
  | 'gaps'
  | 'text'
  | 'responses'
  | 'surveys'
  | 'contacts'
  | 'cases'
  | 'initiatives'
  | 'value'
  | 'programme'
  | 'settings'
  | 'imports';

/** A section of the navigation. */
export type NavGroup = 'Understand' | 'Listen' | 'Act' | 'Prove' | 'Administer';

export interface PageInfo {
  key: PageKey;
  path: string;
  label: string;
  group: NavGroup;
  /** Whether the page reads the global filters (date range, journey, touchpoint, survey, channel). */
  filters: boolean;
  /** Whether the page also answers paths under its own (`/cases/{id}`). */
  subpaths?: boolean;
}

/** Every page in navigation order. */
export const PAGES: readonly PageInfo[] = [
  { key: 'overview', path: '/', label: 'Overview', group: 'Understand', filters: true },
  { key: 'journeys', path: '/journeys', label: 'Journeys', group: 'Understand', filters: true },
  { key: 'drivers', path: '/drivers', label: 'Key drivers', group: 'Understand', filters: true },
  { key: 'gaps', path: '/gaps', label: 'Gaps', group: 'Understand', filters: true },
  { key: 'text', path: '/text', label: 'Comments', group: 'Understand', filters: true },
  { key: 'responses', path: '/responses', label: 'Responses', group: 'Listen', filters: true },
  { key: 'surveys', path: '/surveys', label: 'Surveys', group: 'Listen', filters: false },
  { key: 'contacts', path: '/contacts', label: 'Contacts', group: 'Listen', filters: false },
  { key: 'cases', path: '/cases', label: 'Cases', group: 'Act', filters: false, subpaths: true },
  {
    key: 'initiatives',
    path: '/initiatives',
    label: 'Initiatives',
    group: 'Act',
    filters: false,
    subpaths: true,
  },
  { key: 'value', path: '/value', label: 'Value', group: 'Prove', filters: false, subpaths: true },
  {
    key: 'programme',
    path: '/programme',
    label: 'Programme',
    group: 'Prove',
    filters: false,
    subpaths: true,
  },
  { key: 'settings', path: '/settings', label: 'Settings', group: 'Administer', filters: false },
  { key: 'imports', path: '/imports', label: 'Imports', group: 'Administer', filters: false },
];

export const NAV_GROUPS: readonly NavGroup[] = ['Understand', 'Listen', 'Act', 'Prove', 'Administer'];

/** Each page's path. */
export const PAGE_PATHS = Object.fromEntries(PAGES.map((p) => [p.key, p.path])) as Record<PageKey, string>;

/** The page a path shows, or null for an unknown path (the app shows its not-found page). */
export function pageOf(pathname: string): PageKey | null {
  const path = pathname.replace(/\/+$/, '') || '/';
  return PAGES.find((p) => p.path === path || (p.subpaths && path.startsWith(`${p.path}/`)))?.key ?? null;
}

/** The information of a page. */
export function pageInfo(key: PageKey): PageInfo {
  const info = PAGES.find((p) => p.key === key);
  if (!info) throw new Error(`Unknown page ${key}`);
  return info;
}
