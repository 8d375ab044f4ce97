/**
 * Debian's Chromium driven by playwright-core, for the console's end-to-end tests: a fresh
 * profile per browser, no network but loopback, screenshots at desktop and phone size into
 * test-output/console/, and axe-core injected into the page for the accessibility check.
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { REPO_ROOT } from '../../e2e/support/server.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const SCREENSHOTS = path.join(REPO_ROOT, 'test-output', 'console');
const require = createRequire(import.meta.url);

// Without the networking flags Chromium keeps dialling Google's hosts, refused on this machine.
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-quic',
];

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

export interface Browser {
  page: Page;
  context: BrowserContext;
  close(): Promise<void>;
}

export async function openBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  if (!existsSync(path.join(REPO_ROOT, 'console/dist/index.html'))) {
    throw new Error('console/dist is missing: run `npm run build:console` (npm install runs it)');
  }
  const profile = await mkdtemp(path.join(tmpdir(), 'promo-chromium-'));
  // launchPersistentContext is how playwright takes --user-data-dir: a fresh, empty profile.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: DESKTOP,
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.setDefaultTimeout(60_000);
  return {
    page,
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Signs in with the sandbox's one-click demo user and waits for the signed-in header. */
export async function signInAsDemoUser(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(baseUrl);
  await page.getByRole('button', { name: new RegExp(`^${email.replace(/[.@]/g, '\\$&')}`) }).click();
  await page.locator('.who-name', { hasText: email }).waitFor();
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { name: 'API token' }).waitFor();
}

/** What the tests read in the page (its globals, typed here: the tests compile without the DOM lib). */
interface PageGlobals {
  sessionStorage: { getItem(key: string): string | null };
  localStorage: { length: number };
  axe?: { run(context: unknown): Promise<AxeResults> };
  document: unknown;
}

/** The console's session as the tab keeps it (sessionStorage `promo.session`), or null. */
export function storedSession(page: Page): Promise<string | null> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).sessionStorage.getItem('promo.session'));
}

/** How many entries the page keeps in localStorage (the console keeps none). */
export function localStorageSize(page: Page): Promise<number> {
  return page.evaluate(() => (globalThis as unknown as PageGlobals).localStorage.length);
}

/** Serious and critical axe-core violations of the page as it is now (none expected). */
export async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => (globalThis as unknown as PageGlobals).axe !== undefined))) {
    await page.addScriptTag({ content: await readFile(require.resolve('axe-core/axe.min.js'), 'utf8') });
  }
  const results = await page.evaluate(() => {
    const globals = globalThis as unknown as PageGlobals;
    return globals.axe!.run(globals.document);
  });
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

interface AxeResults {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}

/**
 * Checks the page with axe-core and writes its screenshots at desktop and phone size
 * (`<name>-1280x800.png`, `<name>-390x844.png`), checking the phone layout with axe too.
 */
export async function checkPage(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
  expect(await seriousViolations(page), `axe on ${name} (desktop)`).toEqual([]);
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-1280x800.png`), fullPage: true });
  await page.setViewportSize(PHONE);
  try {
    expect(await seriousViolations(page), `axe on ${name} (phone)`).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}-390x844.png`), fullPage: true });
  } finally {
    await page.setViewportSize(DESKTOP);
  }
}
