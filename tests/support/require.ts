// What a suite needs from outside the repository (Debian's chromium, the public datasets in
// ../shared/data). On a clone without them the suite skips with a message saying what is missing;
// with NORTHSTAR_REQUIRE_ALL=1 (set by CI, where both are always present) a missing one fails the run
// instead of letting the suite pass silently.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root. */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Debian's chromium, driven by playwright-core in the browser suites. */
export const CHROMIUM = '/usr/bin/chromium';

/** The public evaluation datasets (see ../shared/data/SOURCES.md). */
export const SHARED_DATA = path.resolve(ROOT, '../shared/data');

/** Whether every requirement must be present (CI). */
export const requireAll = (): boolean => process.env.NORTHSTAR_REQUIRE_ALL === '1';

/**
 * Whether `paths` all exist. When one is missing: throws with NORTHSTAR_REQUIRE_ALL=1, else prints
 * why `suite` is skipped (with `hint` on how to get it) and returns false for `describe.skipIf`.
 */
export function available(suite: string, paths: string[], hint: string): boolean {
  const missing = paths.filter((p) => !existsSync(p));
  if (missing.length === 0) return true;
  const message = `${suite}: missing ${missing.join(', ')} (${hint})`;
  if (requireAll()) throw new Error(`${message}; NORTHSTAR_REQUIRE_ALL=1 requires it`);
  console.warn(`Skipping ${message}.`);
  return false;
}

/** Whether chromium is there for a browser suite (see `available`). */
export function hasChromium(suite: string): boolean {
  return available(suite, [CHROMIUM], 'install it with: apt-get install -y chromium');
}

/** Whether these files of ../shared/data are there (paths relative to it; see `available`). */
export function hasSharedData(suite: string, files: string[]): boolean {
  return available(
    suite,
    files.map((f) => path.join(SHARED_DATA, f)),
    'the public evaluation datasets live in ../shared/data beside the repository',
  );
}
