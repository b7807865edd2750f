// A real browser for tests: Debian's chromium driven by playwright-core (no browser download; CI
// installs the package). watchPage records what a user would not see but a test must: console
// errors, uncaught exceptions and CSP violations, so a test can assert there are none.
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';

export const CHROMIUM_PATH = process.env.GATEHOUSE_CHROMIUM ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} is missing: install Debian's chromium (.ci/run does)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** One browser for the enclosing describe block (or file), closed after it. */
export function useBrowser(): { browser: Browser } {
  const handle = {} as { browser: Browser };
  beforeAll(async () => {
    handle.browser = await launchBrowser();
  });
  afterAll(async () => {
    await handle.browser?.close();
  });
  return handle;
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  cspViolations: string[];
}

/**
 * Starts recording a page's problems; call before the first navigation. CSP violations come from
 * the `securitypolicyviolation` event through an exposed binding, which (unlike a page script) the
 * page's own CSP cannot block, and which survives navigations.
 */
export async function watchPage(page: Page): Promise<PageProblems> {
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], cspViolations: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') problems.consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => problems.pageErrors.push(error.message));
  await page.exposeBinding('__gatehouseCspViolation', (_source, report: string) => {
    problems.cspViolations.push(report);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = `${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`;
      (window as unknown as { __gatehouseCspViolation(report: string): void }).__gatehouseCspViolation(
        report,
      );
    });
  });
  return problems;
}

/** A new page in its own context (own cookies), already watched. */
export async function newWatchedPage(
  browser: Browser,
  options: Parameters<Browser['newContext']>[0] = {},
): Promise<{ page: Page; problems: PageProblems; close(): Promise<void> }> {
  const context = await browser.newContext(options);
  // Fail a missing element in seconds, not at the test's own timeout.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  const problems = await watchPage(page);
  return { page, problems, close: () => context.close() };
}

/** Every problem recorded, flat, for `expect(allProblems(p)).toEqual([])`. */
export function allProblems(problems: PageProblems): string[] {
  return [
    ...problems.consoleErrors.map((m) => `console: ${m}`),
    ...problems.pageErrors.map((m) => `exception: ${m}`),
    ...problems.cspViolations.map((m) => `csp: ${m}`),
  ];
}
