// What the dashboard's browser tests share: a fresh build of the dashboard when its sources changed,
// Debian's chromium through playwright-core, signing in, the record of console errors and failing API
// calls, axe-core, the check for sideways scrolling, and screenshots (NORTHSTAR_SCREENSHOTS=<folder>).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM } from './require.js';
import { startTestServer } from './server.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/** Where screenshots go (NORTHSTAR_SCREENSHOTS), or undefined to take none. */
export const SCREENSHOTS = process.env.NORTHSTAR_SCREENSHOTS;

/** Whether dist/web is missing or older than any file of the dashboard's sources. */
export function dashboardBuildIsStale(): boolean {
  const built = path.join(ROOT, 'dist/web/index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  const newest = (dir: string): number =>
    Math.max(
      0,
      ...readdirSync(dir, { withFileTypes: true }).map((entry) => {
        const file = path.join(dir, entry.name);
        return entry.isDirectory() ? newest(file) : statSync(file).mtimeMs;
      }),
    );
  return (
    Math.max(newest(path.join(ROOT, 'web')), newest(path.join(ROOT, 'src/listen/channels/hosted'))) > builtAt
  );
}

/** Builds the dashboard into dist/web when its sources are newer than the build. */
export async function buildDashboard(): Promise<void> {
  if (dashboardBuildIsStale())
    await build({ configFile: path.join(ROOT, 'web/vite.config.ts'), logLevel: 'warn' });
}

/** Starts headless chromium. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** A page with what it logged: console errors and page errors, and API calls answered with 400 or more. */
export interface WatchedPage {
  context: BrowserContext;
  page: Page;
  consoleErrors: string[];
  failedCalls: string[];
  /** Forgets what was logged so far. */
  reset(): void;
}

/**
 * A new context and page (1440 × 900 unless told) that records console errors and failing API calls.
 * `bypassCSP`: the dashboard's Content-Security-Policy (script-src 'self') would block the injected axe.
 */
export async function watchedPage(
  browser: Browser,
  viewport: { width: number; height: number } = { width: 1440, height: 900 },
): Promise<WatchedPage> {
  const context = await browser.newContext({ viewport, bypassCSP: true });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const failedCalls: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`${page.url()}: ${error.message}`));
  page.on('response', (response) => {
    if (response.url().includes('/api/') && response.status() >= 400)
      failedCalls.push(`${response.status()} ${response.request().method()} ${response.url()}`);
  });
  return {
    context,
    page,
    consoleErrors,
    failedCalls,
    reset: () => {
      consoleErrors.length = 0;
      failedCalls.length = 0;
    },
  };
}

/** Signs in on the dashboard's login page and waits for the overview. */
export async function logIn(page: Page, base: string, email: string, password: string): Promise<void> {
  await page.goto(base);
  await page.getByTestId('login-email').fill(email);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
}

/** axe-core's serious and critical violations on the page, one readable line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ content: axeSource });
  // A string, not a function: the page's `axe` global has no type on this side.
  const violations = (await page.evaluate(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations)`,
  )) as { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** How many pixels the page scrolls sideways (0 or less: none). */
export async function sidewaysOverflow(page: Page): Promise<number> {
  return (await page.evaluate('document.documentElement.scrollWidth - window.innerWidth')) as number;
}

/** Keeps a screenshot `<name>.png` in NORTHSTAR_SCREENSHOTS when it is set. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  if (!SCREENSHOTS) return;
  await mkdir(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
}

/** The demo served with a fresh dashboard build, chromium, and a watched page signed in as its admin. */
export async function signedInDemo(): Promise<{
  server: Awaited<ReturnType<typeof startTestServer>>;
  browser: Browser;
  watched: WatchedPage;
}> {
  await buildDashboard();
  const server = await startTestServer({ demo: true });
  const browser = await launchChromium();
  const watched = await watchedPage(browser);
  await logIn(watched.page, server.url, server.adminEmail, server.adminPassword);
  return { server, browser, watched };
}
