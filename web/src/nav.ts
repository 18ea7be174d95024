// The dashboard's pages live at their own paths (the server answers every page path with the app).

/** A page of the dashboard. */
export type PageKey = 'overview' | 'imports' | 'cases' | 'initiatives';

/** Each page's path. */
export const PAGE_PATHS: Record<PageKey, string> = {
  overview: '/',
  imports: '/imports',
  cases: '/cases',
  initiatives: '/initiatives',
};

/** The page a path shows (unknown paths show the overview). */
export function pageOf(pathname: string): PageKey {
  if (/^\/cases(\/|$)/.test(pathname)) return 'cases';
  const path = pathname.replace(/\/+$/, '');
  if (path === '/initiatives') return 'initiatives';
  return path === '/imports' ? 'imports' : 'overview';
}

/** Go to a page without reloading; the app listens for `popstate`. */
export function navigate(page: PageKey): void {
  if (pageOf(window.location.pathname) === page) return;
  window.history.pushState(null, '', PAGE_PATHS[page]);
  window.dispatchEvent(new PopStateEvent('popstate'));
}
