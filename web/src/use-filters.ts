// The global filters of the current address, and a setter that writes them back into it.
import { useCallback, useMemo } from 'react';
import { type Filters, parseFilters, writeFilters } from './filters.js';
import { navigate, useLocation } from './router.js';

/** The filters in the address, and a function to change some of them. */
export function useFilters(): [Filters, (change: Partial<Filters>) => void] {
  const { pathname, search } = useLocation();
  const filters = useMemo(() => parseFilters(search), [search]);
  const setFilters = useCallback(
    (change: Partial<Filters>) => {
      const next = { ...parseFilters(window.location.search), ...change };
      // A touchpoint belongs to a journey: changing the journey drops a touchpoint of another one.
      if ('journey' in change && !('touchpoint' in change)) next.touchpoint = null;
      navigate(pathname + writeFilters(next, window.location.search), { replace: true });
    },
    [pathname],
  );
  return [filters, setFilters];
}

/** One query parameter of the address (a page's own state), and a setter. */
export function useSearchParam(name: string): [string, (value: string) => void] {
  const { pathname, search } = useLocation();
  const value = new URLSearchParams(search).get(name) ?? '';
  const set = useCallback(
    (next: string) => {
      const params = new URLSearchParams(window.location.search);
      if (next) params.set(name, next);
      else params.delete(name);
      const text = params.toString();
      navigate(pathname + (text ? `?${text}` : ''), { replace: true });
    },
    [name, pathname],
  );
  return [value, set];
}
