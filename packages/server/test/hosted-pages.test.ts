// The hosted login pages in a real browser (chromium), served with the real hosted-page headers:
// they render without a console error or a CSP violation, their styles apply under the strict CSP,
// they are accessible (labels, one h1, alerts tied to inputs, keyboard reachable), autocomplete is
// right for password managers and one-time codes, and values from users cannot inject markup.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as ui from '../src/hosted/ui/index.ts';
import { allProblems, newWatchedPage, useBrowser } from './helpers/browser.ts';
import { sendHostedPage, startSmallServer, type SmallServer } from './helpers/page-server.ts';
import { APP, SAMPLE_CSRF, SAMPLE_PAGES } from './helpers/sample-pages.ts';

const HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(2)>';
const HOSTILE_EMAIL = `x${HOSTILE}@example.com`;

// Extra pages for the escaping and CSP checks, next to the samples.
const EXTRA: Record<string, (nonce: string) => string> = {
  'hostile-email': (nonce) =>
    ui.emailStep({
      nonce,
      appName: HOSTILE,
      action: '/submit/email',
      csrf: HOSTILE,
      email: HOSTILE_EMAIL,
      error: HOSTILE,
    }),
  'hostile-password': (nonce) =>
    ui.passwordStep({
      nonce,
      appName: HOSTILE,
      action: '/submit/password',
      csrf: SAMPLE_CSRF,
      email: HOSTILE_EMAIL,
      forgotHref: '/forgot',
      changeEmailHref: '/email',
    }),
  'hostile-organizations': (nonce) =>
    ui.organizationStep({
      nonce,
      appName: APP,
      action: '/submit/organization',
      csrf: SAMPLE_CSRF,
      organizations: [{ id: HOSTILE, name: HOSTILE }],
    }),
  // A style without the nonce: the CSP must block it and the watcher must see the violation.
  'unnonced-style': (nonce) =>
    ui
      .messagePage({ nonce, appName: APP, title: 'Injected', message: 'x' })
      .replace('</head>', '<style>body { background: rgb(255, 0, 0) !important; }</style></head>'),
};

const handle = useBrowser();
let server: SmallServer;

beforeAll(async () => {
  server = await startSmallServer((req, res) => {
    const name = (req.url ?? '/').slice(1);
    const render = EXTRA[name] ?? SAMPLE_PAGES.find((p) => p.name === name)?.render;
    if (!render) {
      res.writeHead(404).end();
      return;
    }
    sendHostedPage(res, render);
  });
});
afterAll(() => server?.close());

async function open(name: string, options: Parameters<typeof newWatchedPage>[1] = {}) {
  const watched = await newWatchedPage(handle.browser, options);
  const response = await watched.page.goto(`${server.url}/${name}`);
  expect(response?.status()).toBe(200);
  return watched;
}

/** Every input a user can see, with whether it has a non-empty <label> and what that label says. */
function visibleInputs(page: Page) {
  return page.$$eval('input:not([type=hidden]):not([hidden])', (inputs) =>
    inputs.map((input) => {
      const el = input as HTMLInputElement;
      return { name: el.name, label: el.labels?.[0]?.textContent?.trim() ?? '', id: el.id };
    }),
  );
}

describe('every hosted page in chromium', () => {
  for (const sample of SAMPLE_PAGES) {
    it(`${sample.name}: renders cleanly, styled, accessible and keyboard-usable`, async () => {
      const { page, problems, close } = await open(sample.name);
      try {
        // The document's basics.
        expect(await page.getAttribute('html', 'lang')).toBe('en');
        expect(await page.locator('h1').count()).toBe(1);
        expect(await page.title()).toContain(APP);
        // The nonce'd <style> applied: the card is a card, the font is not the browser default.
        const card = await page.locator('.card').evaluate((el) => {
          const style = getComputedStyle(el);
          return { radius: style.borderTopLeftRadius, maxWidth: style.maxWidth };
        });
        expect(card).toEqual({ radius: '16px', maxWidth: '400px' });
        expect(await page.evaluate(() => getComputedStyle(document.body).fontFamily)).toContain('system-ui');
        // No inline style attributes, no scripts, one style element.
        expect(await page.locator('[style]').count()).toBe(0);
        expect(await page.locator('script').count()).toBe(0);
        expect(await page.locator('style').count()).toBe(1);
        // Every visible input has a label that finds it.
        for (const input of await visibleInputs(page)) {
          expect(input.label, `input ${input.name}`).not.toBe('');
          expect(await page.getByLabel(input.label, { exact: true }).getAttribute('name')).toBe(input.name);
        }
        // Forms post, carry the anti-forgery field, and submit with real submit buttons.
        for (const form of await page.locator('form').all()) {
          expect(await form.getAttribute('method')).toBe('post');
          expect(
            await form.locator('input[type=hidden][name=csrf], input[type=hidden][name=xsrf]').count(),
          ).toBe(1);
        }
        const buttonTypes = await page.$$eval('button', (buttons) =>
          buttons.map((b) => b.getAttribute('type')),
        );
        expect(new Set(buttonTypes)).toEqual(new Set(buttonTypes.length > 0 ? ['submit'] : []));
        // Keyboard: Tab reaches the main action, and the focused control shows a focus ring.
        await reachByTab(page, sample.submit);
        const ring = await page.evaluate(() => {
          const style = getComputedStyle(document.activeElement as Element);
          return { outline: style.outlineStyle, width: style.outlineWidth };
        });
        expect(ring).toEqual({ outline: 'solid', width: '3px' });
        expect(allProblems(problems)).toEqual([]);
      } finally {
        await close();
      }
    });
  }
});

/** Presses Tab until the element whose text is `text` has focus (fails after 20 presses). */
async function reachByTab(page: Page, text: string): Promise<void> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  for (let i = 0; i < 20; i++) {
    await page.keyboard.press('Tab');
    // The visible name: text without decorations hidden from assistive technology.
    const focused = await page.evaluate(() => {
      const copy = document.activeElement?.cloneNode(true) as Element | undefined;
      copy?.querySelectorAll('[aria-hidden=true]').forEach((el) => el.remove());
      return copy?.textContent?.trim() ?? '';
    });
    if (focused === text) return;
  }
  throw new Error(`Tab never reached "${text}"`);
}

describe('accessibility details', () => {
  it('ties an error to its input: role=alert, aria-describedby, aria-invalid, and focus on it', async () => {
    const { page, problems, close } = await open('sign-up');
    const alert = page.getByRole('alert');
    expect(await alert.textContent()).toBe('Choose a longer password.');
    const password = page.getByLabel('Password', { exact: true });
    expect(await password.getAttribute('aria-invalid')).toBe('true');
    expect((await password.getAttribute('aria-describedby'))?.split(' ')).toEqual([
      'password-hint',
      'form-error',
    ]);
    expect(await page.locator('#password-hint').textContent()).toBe('At least 12 characters.');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('password');
    expect(await page.getByLabel('Email address').getAttribute('aria-invalid')).toBeNull();
    expect(allProblems(problems)).toEqual([]);
    await close();
  });

  it('follows the system dark mode, and fits a phone screen without sideways scrolling', async () => {
    const background = async (colorScheme: 'light' | 'dark') => {
      const { page, close } = await open('password', { colorScheme });
      const value = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await close();
      return value;
    };
    expect(await background('light')).toBe('rgb(244, 245, 247)');
    expect(await background('dark')).toBe('rgb(12, 14, 19)');
    const { page, close } = await open('sign-up', { viewport: { width: 320, height: 640 } });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(320);
    await close();
  });
});

describe('autocomplete for password managers and one-time codes', () => {
  const attributes = async (name: string) => {
    const { page, close } = await open(name);
    const found = await page.$$eval('input', (inputs) =>
      Object.fromEntries(
        inputs
          .filter((i) => i.type !== 'hidden' || i.hasAttribute('autocomplete'))
          .map((i) => [i.id || `${i.name}(hidden)`, i.getAttribute('autocomplete')]),
      ),
    );
    await close();
    return found;
  };

  it('email step: email, and no "username webauthn" conditional UI', async () => {
    expect(await attributes('email')).toEqual({ email: 'email' });
  });

  it('password step: the hidden username beside current-password', async () => {
    expect(await attributes('password')).toEqual({
      'email(hidden)': 'username',
      password: 'current-password',
    });
  });

  it('sign-up and reset: new-password with minlength and its hint', async () => {
    expect(await attributes('sign-up')).toEqual({
      email: 'email',
      given_name: 'given-name',
      family_name: 'family-name',
      password: 'new-password',
    });
    expect(await attributes('reset')).toEqual({ 'email(hidden)': 'username', password: 'new-password' });
    const { page, close } = await open('reset');
    const password = page.getByLabel('New password');
    expect(await password.getAttribute('minlength')).toBe('12');
    expect(await password.getAttribute('aria-describedby')).toBe('password-hint');
    await close();
  });

  it('one-time code: numeric, one-time-code, six digits', async () => {
    const { page, close } = await open('otp');
    const code = page.getByLabel('One-time code');
    expect(
      await code.evaluate((el) => ({
        name: el.getAttribute('name'),
        inputmode: el.getAttribute('inputmode'),
        autocomplete: el.getAttribute('autocomplete'),
        pattern: el.getAttribute('pattern'),
        maxlength: el.getAttribute('maxlength'),
      })),
    ).toEqual({
      name: 'code',
      inputmode: 'numeric',
      autocomplete: 'one-time-code',
      pattern: '[0-9]{6}',
      maxlength: '6',
    });
    await close();
  });
});

describe('escaping and the content security policy', () => {
  it('shows hostile emails, names and errors as text, never as markup', async () => {
    for (const name of ['hostile-email', 'hostile-password']) {
      const { page, problems, close } = await open(name);
      let dialogs = 0;
      page.on('dialog', (dialog) => {
        dialogs++;
        void dialog.dismiss();
      });
      expect(await page.locator('script, img').count()).toBe(0);
      expect(await page.locator('.brand').textContent()).toContain(HOSTILE);
      expect(await page.title()).toContain(HOSTILE);
      if (name === 'hostile-email') {
        expect(await page.getByLabel('Email address').inputValue()).toBe(HOSTILE_EMAIL);
        expect(await page.getByRole('alert').textContent()).toBe(HOSTILE);
        expect(await page.locator('input[name=csrf]').inputValue()).toBe(HOSTILE);
      } else {
        expect(await page.locator('.identity-email').textContent()).toBe(HOSTILE_EMAIL);
        expect(await page.locator('input[autocomplete=username]').inputValue()).toBe(HOSTILE_EMAIL);
      }
      expect(dialogs).toBe(0);
      expect(allProblems(problems)).toEqual([]);
      await close();
    }
  });

  it('keeps a hostile organization id and name intact as a button value and label', async () => {
    const { page, close } = await open('hostile-organizations');
    const button = page.getByRole('button', { name: HOSTILE });
    expect(await button.getAttribute('value')).toBe(HOSTILE);
    expect(await page.locator('script, img').count()).toBe(0);
    await close();
  });

  it('blocks a style without the nonce, and the watcher reports the violation', async () => {
    const { page, problems, close } = await open('unnonced-style');
    expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).not.toBe(
      'rgb(255, 0, 0)',
    );
    expect(problems.cspViolations.join('\n')).toContain('style-src');
    await close();
  });

  it('refuses to render links that are not same-site paths or http(s) URLs', () => {
    const base = { nonce: 'AAAAAAAAAAAAAAAAAAAAAA==', appName: APP, csrf: SAMPLE_CSRF };
    for (const bad of ['javascript:alert(1)', '//evil.example/x', '/\\evil.example', 'data:text/html,x']) {
      expect(() => ui.emailStep({ ...base, action: bad })).toThrow(/refusing to render a link/);
      expect(() =>
        ui.messagePage({ ...base, title: 't', message: 'm', link: { href: bad, text: 'x' } }),
      ).toThrow();
    }
    expect(ui.emailStep({ ...base, action: 'https://auth.example.com/interaction/abc/email' })).toContain(
      'action="https://auth.example.com/interaction/abc/email"',
    );
  });
});
