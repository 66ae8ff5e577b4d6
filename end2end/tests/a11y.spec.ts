import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { DEMO_USERS, hydrated, signIn } from './support';

// Every page of the portal, as each role reaches it, in English and in Spanish (the
// browser's language picks it), checked by axe-core against WCAG 2.1 A and AA at a phone's
// width and a desktop's; a screenshot of each is kept in screenshots/a11y/.
const LANGUAGES = [
  { code: 'en', browserLocale: 'en-GB' },
  { code: 'es', browserLocale: 'es-ES' },
] as const;

const VIEWPORTS = [
  { name: 'phone', width: 375, height: 812, scheme: 'light' },
  { name: 'desktop', width: 1280, height: 900, scheme: 'light' },
  // The dark colour scheme (prefers-color-scheme), checked for contrast like the light one.
  { name: 'desktop-dark', width: 1280, height: 900, scheme: 'dark' },
] as const;

const PUBLIC_PAGES = ['/', '/sign-in', '/sign-up', '/forgot-password', '/no-such-page'];

type Role = (typeof DEMO_USERS)[number]['role'];

/** The pages each demo login opens (its dashboard and every section it may open), and
 * detail pages reached by following the first link of a list. */
const ROLE_PAGES: Record<Role, { paths: string[]; follow?: { from: string; link: string }[] }> = {
  operator: { paths: ['/dashboard', '/catalogue', '/review', '/review?status=paid', '/audit', '/people', '/outbox', '/account', '/notifications', '/search?find=hello'] },
  global_admin: {
    paths: ['/dashboard', '/onboarding', '/exams', '/reserve', '/engagements', '/claims', '/people', '/outbox'],
    follow: [{ from: '/onboarding', link: 'a[href^="/onboarding/"]' }],
  },
  mpn_admin: { paths: ['/dashboard'] },
  consultant: { paths: ['/dashboard', '/exams', '/engagements', '/account', '/notifications'] },
  incentives_admin: { paths: ['/dashboard', '/claims', '/account'] },
  benefit_admin: {
    paths: ['/dashboard', '/agreements', '/vouchers', '/vouchers/new', '/partners', '/people', '/outbox'],
    follow: [
      { from: '/vouchers', link: 'table a[href^="/vouchers/"]' },
      { from: '/partners', link: 'a[href^="/partners/"]' },
    ],
  },
  project_manager: { paths: ['/dashboard', '/vouchers', '/partners', '/account', '/notifications'] },
};

async function expectAccessible(page: Page, label: string) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => ({
      rule: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.slice(0, 5).map((node) => node.target.join(' ')),
    }));
  // Soft: one run lists every page's findings, not just the first page's.
  expect.soft(serious, `serious or critical accessibility violations on ${label}`).toEqual([]);
}

function fileName(path: string) {
  return path === '/' ? 'home' : path.replace(/^\//, '').replace(/[^a-z0-9]+/gi, '-');
}

async function check(page: Page, language: string, viewport: string, who: string, path: string) {
  await hydrated(page);
  const label = `${path} (${who}, ${language}, ${viewport})`;
  await expect(page.locator('html'), label).toHaveAttribute('lang', language);
  await expectAccessible(page, label);
  // WCAG 1.4.10 (reflow): nothing makes the page scroll sideways, at 375 px included.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect.soft(overflow, `horizontal overflow on ${label}`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `screenshots/a11y/${language}-${viewport}-${who}-${fileName(path)}.png`, fullPage: true });
}

test.describe('accessibility', () => {
  for (const { code: language, browserLocale } of LANGUAGES) for (const viewport of VIEWPORTS) {
    test.describe(`${language} ${viewport.name}`, () => {
      test.use({
        locale: browserLocale,
        colorScheme: viewport.scheme,
        viewport: { width: viewport.width, height: viewport.height },
      });

      test('public pages', async ({ page }) => {
        for (const path of PUBLIC_PAGES) {
          await page.goto(path);
          await check(page, language, viewport.name, 'visitor', path);
        }
      });

      for (const user of DEMO_USERS) {
        test(`${user.role}'s pages`, async ({ page }) => {
          // A role's every page, each checked and photographed whole: up to a dozen pages,
          // which took 56 s of the default minute on a busy machine.
          test.setTimeout(120_000);
          await signIn(page, user.email);
          const { paths, follow = [] } = ROLE_PAGES[user.role];
          for (const path of paths) {
            await page.goto(path);
            await check(page, language, viewport.name, user.role, path);
          }
          for (const { from, link } of follow) {
            await page.goto(from);
            await hydrated(page);
            const href = await page.locator(link).first().getAttribute('href');
            expect(href, `a link ${link} on ${from}`).toBeTruthy();
            await page.goto(href!);
            await check(page, language, viewport.name, user.role, href!);
          }
        });
      }
    });
  }
});
