// Which component draws each page. Every page loads on demand (React.lazy), so the first load carries only
// the shell; a page file may export its component as default or by name (the first exported function).
import { type ComponentType, type LazyExoticComponent, lazy } from 'react';
import type { PageKey } from './nav.js';

type PageModule = Record<string, unknown>;

function lazyPage(load: () => Promise<PageModule>): LazyExoticComponent<ComponentType> {
  return lazy(async () => {
    const module = await load();
    const component = module.default ?? Object.values(module).find((value) => typeof value === 'function');
    if (!component) throw new Error('A page module exports no component.');
    return { default: component as ComponentType };
  });
}

/** The component of each page. */
export const PAGE_COMPONENTS: Record<PageKey, LazyExoticComponent<ComponentType>> = {
  overview: lazyPage(() => import('./pages/overview-page.js')),
  journeys: lazyPage(() => import('./pages/journeys-page.js')),
  drivers: lazyPage(() => import('./pages/drivers-page.js')),
  gaps: lazyPage(() => import('./pages/gaps-page.js')),
  text: lazyPage(() => import('./pages/text-page.js')),
  responses: lazyPage(() => import('./pages/responses-page.js')),
  surveys: lazyPage(() => import('./pages/surveys-page.js')),
  contacts: lazyPage(() => import('./pages/contacts-page.js')),
  cases: lazyPage(() => import('./pages/cases-page.js')),
  initiatives: lazyPage(() => import('./pages/initiatives-page.js')),
  value: lazyPage(() => import('./pages/value-page.js')),
  programme: lazyPage(() => import('./pages/programme-page.js')),
  settings: lazyPage(() => import('./pages/settings-page.js')),
  imports: lazyPage(() => import('./pages/imports-page.js')),
};
