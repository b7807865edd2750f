// Steps of a person using the hosted pages in Chromium: waiting for a page by its heading, typing
// into the field that has focus and pressing Enter (the keyboard, not clicks), reading the alert,
// and a set of watched pages whose problems (console errors, exceptions, CSP violations) a test
// asserts are none, apart from the one line Chromium logs for each page it was meant to refuse.
import type { Browser, Page, Response } from 'playwright-core';
import { expect } from 'vitest';
import { allProblems, newWatchedPage, type PageProblems } from './browser.ts';

const STATUS_TEXT: Record<number, string> = {
  400: 'Bad Request',
  403: 'Forbidden',
  429: 'Too Many Requests',
};

export class WatchedPages {
  // `documentErrors`: statuses of documents served with an error (a refused password, 429...).
  private readonly opened: { problems: PageProblems; documentErrors: number[]; close(): Promise<void> }[] =
    [];

  /** A page in a fresh browser context (own cookies), watched from its first navigation. */
  async open(browser: Browser): Promise<Page> {
    const watched = await newWatchedPage(browser);
    const documentErrors: number[] = [];
    watched.page.on('response', (response) => {
      if (isDocument(watched.page, response) && response.status() >= 400)
        documentErrors.push(response.status());
    });
    this.opened.push({ ...watched, documentErrors });
    return watched.page;
  }

  /**
   * No console error, exception or CSP violation on any page opened so far. Chromium logs "Failed to
   * load resource" for every document served with an error status; exactly one such line per such
   * document is expected (the tests assert those statuses), and nothing else.
   */
  expectClean(): void {
    const unexpected = this.opened.flatMap(({ problems, documentErrors }) => {
      const left = allProblems(problems);
      for (const status of documentErrors) {
        const line = `console: Failed to load resource: the server responded with a status of ${status} (${STATUS_TEXT[status]})`;
        const at = left.indexOf(line);
        if (at >= 0) left.splice(at, 1);
      }
      return left;
    });
    expect(unexpected).toEqual([]);
  }

  async closeAll(): Promise<void> {
    for (const page of this.opened) await page.close();
  }
}

function isDocument(page: Page, response: Response): boolean {
  const request = response.request();
  return request.isNavigationRequest() && request.frame() === page.mainFrame();
}

/** Waits for the page whose h1 is `title`. */
export async function atStep(page: Page, title: string): Promise<void> {
  await page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor();
}

/** Types into the field that has focus on arrival (autofocus), as a person at a keyboard would. */
export async function typeFocused(page: Page, id: string, text: string): Promise<void> {
  await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe(id);
  await page.keyboard.type(text);
}

/** Presses Enter in the focused field; the answer to the form's POST (before any redirect). */
export async function pressEnter(page: Page): Promise<Response> {
  const posted = page.waitForResponse((r) => r.request().method() === 'POST' && isDocument(page, r));
  // The next document, wherever the redirects after the POST end (redirects commit nothing).
  const committed = page.waitForEvent('framenavigated', { predicate: (frame) => frame === page.mainFrame() });
  await page.keyboard.press('Enter');
  const [response] = await Promise.all([posted, committed]);
  await page.waitForLoadState();
  return response;
}

export async function autocompleteOf(page: Page, id: string): Promise<string | null> {
  return page.locator(`#${id}`).getAttribute('autocomplete');
}

export async function alertText(page: Page): Promise<string> {
  return ((await page.getByRole('alert').textContent()) ?? '').trim();
}

/** The h1 of every document the browser shows from now on (redirects show nothing). */
export function pagesSeen(page: Page): string[] {
  const titles: string[] = [];
  page.on('response', (response) => {
    const status = response.status();
    if (!isDocument(page, response) || (status >= 300 && status < 400)) return;
    const at = titles.push('') - 1;
    void response.text().then((body) => {
      titles[at] = /<h1[^>]*>([^<]*)<\/h1>/.exec(body)?.[1]?.trim() ?? '?';
    });
  });
  return titles;
}
