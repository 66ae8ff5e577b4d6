import { expect, test } from '@playwright/test';
import { customerVoucher, hydrated, mainNav, openMenu, shot, signIn, signOut } from './support';
import { t } from './i18n';

// Finding things (issue 22): the header's search, copy buttons beside voucher codes, the
// operator's claim filters, the notifications bell, and the header folded on a phone.

test.describe('finding things', () => {
  test('a voucher code typed in the header search opens the voucher, whose code copies with one press', async ({ page, context }) => {
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await signIn(page, 'benefit.admin@fabrikam.example');
    const voucher = await customerVoucher(page, `FIND${Date.now() % 100000000}`, 'DDPS');
    await page.goto('/dashboard');
    await hydrated(page);
    // Typed as people type it: lower case, spaces for the hyphens.
    const find = page.locator('#header-find');
    await find.fill(voucher.code.toLowerCase().replaceAll('-', ' '));
    await find.press('Enter');
    await expect(page).toHaveURL(/\/search\?find=/);
    const hits = page.locator('.search-hit');
    await expect(hits).toHaveCount(1);
    await expect(hits).toContainText(voucher.code);
    await page.screenshot(shot('first-hour', 'search'));
    await hits.getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/vouchers/${voucher.id}$`));
    await hydrated(page);
    await page.getByRole('button', { name: t('en', 'common.copy_code', { code: voucher.code }) }).click();
    await expect(page.getByRole('button', { name: t('en', 'common.copied') })).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(voucher.code);

    // What is neither a code nor a reference gets a reason, and the search stays at hand.
    await page.goto('/search?find=hello');
    await expect(page.getByRole('alert')).toHaveText(t('en', 'messages.search.unrecognised'));
    await expect(page.getByRole('searchbox', { name: t('en', 'search.label') }).last()).toHaveValue('hello');
    await signOut(page);

    // A partner that never saw the voucher finds nothing.
    await signIn(page, 'global.admin@contoso.example');
    await page.goto(`/search?find=${voucher.code}`);
    await expect(page.locator('.search-hit')).toHaveCount(0);
    await expect(page.getByRole('status')).toContainText(voucher.code);
    await signOut(page);
  });

  test('the operator narrows the claims to one status and finds one by its reference', async ({ page }) => {
    await signIn(page, 'operator@program.example');
    await page.goto('/review');
    await hydrated(page);
    const rows = page.locator('table.claims tbody tr');
    await expect(rows.first()).toBeVisible();
    const reference = (await rows.first().getAttribute('data-reference'))!;
    const filters = page.getByRole('form', { name: t('en', 'claims.filter_label') });
    await filters.getByLabel(t('en', 'claims.status')).selectOption('paid');
    await filters.getByRole('button', { name: t('en', 'common.filter') }).click();
    await expect(page).toHaveURL(/status=paid/);
    await expect(rows.first()).toBeVisible();
    for (const status of await rows.locator(`td[data-label="${t('en', 'claims.status')}"]`).allInnerTexts()) {
      expect(status).toContain(t('en', 'claims.statuses.paid'));
    }
    await page.goto('/review');
    await hydrated(page);
    await filters.getByLabel(t('en', 'claims.find')).fill(reference.toLowerCase());
    await filters.getByRole('button', { name: t('en', 'common.filter') }).click();
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-reference', reference);
    await page.screenshot(shot('first-hour', 'review-filtered'));
    await filters.getByRole('link', { name: t('en', 'common.clear_filters') }).click();
    await expect(page).toHaveURL(/\/review$/);
    await expect(rows.nth(1)).toBeVisible();
    await signOut(page);
  });

  test('the bell counts unread notifications; opening one marks it read and goes to its page', async ({ page }) => {
    // The benefit admin assigns a voucher: its project manager is emailed and notified.
    await signIn(page, 'benefit.admin@fabrikam.example');
    const voucher = await customerVoucher(page, `BELL${Date.now() % 100000000}`, 'DDPS');
    await signOut(page);
    await signIn(page, 'project.manager@fabrikam.example');
    await hydrated(page);
    const bell = page.locator('a.bell');
    const unread = async () => Number(await bell.getAttribute('data-unread'));
    await expect(bell).not.toHaveAttribute('data-unread', '0');
    const before = await unread();
    await bell.click();
    await expect(page).toHaveURL(/\/notifications$/);
    const newest = page.locator('.notification').first();
    await expect(newest).toHaveAttribute('data-read', 'false');
    await page.screenshot(shot('first-hour', 'notifications'));
    await newest.getByRole('link').click();
    // The voucher's notification opens the voucher, found by its code.
    await expect(page).toHaveURL(/\/search\?find=/);
    await expect(page.locator('.search-hit')).toContainText(voucher.code);
    await expect(bell).toHaveAttribute('data-unread', String(before - 1));
    await bell.click();
    await expect(page.locator('.notification').first()).toHaveAttribute('data-read', 'true');
    if (before > 1) {
      await page.getByRole('button', { name: t('en', 'common.notifications_read_all') }).click();
      await expect(page.locator('.notification[data-read="false"]')).toHaveCount(0);
      await expect(bell).toHaveAttribute('data-unread', '0');
    }
    await signOut(page);
  });
});

test.describe('finding things (phone)', () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test('the header folds into a menu button that opens the navigation, the search and the account', async ({ page }) => {
    await signIn(page, 'global.admin@contoso.example');
    await hydrated(page);
    const nav = page.getByRole('navigation', { name: t('en', 'common.main_navigation') });
    const menu = page.getByRole('button', { name: t('en', 'common.menu'), exact: true });
    await expect(nav).toBeHidden();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await openMenu(page);
    await expect(nav).toBeVisible();
    await expect(page.locator('#header-find')).toBeVisible();
    await expect(page.getByRole('button', { name: t('en', 'common.sign_out') })).toBeVisible();
    await page.screenshot(shot('first-hour', 'menu-phone'));
    // Escape folds it and gives the focus back to the button.
    await page.locator('#header-find').focus();
    await page.keyboard.press('Escape');
    await expect(nav).toBeHidden();
    await expect(menu).toBeFocused();
    await expect(menu).toHaveAttribute('aria-expanded', 'false');
    await openMenu(page);
    await (await mainNav(page)).getByRole('link', { name: t('en', 'common.sections.engagements') }).click();
    await expect(page).toHaveURL(/\/engagements$/);
    await expect(nav, 'the menu folds again once a page is opened').toBeHidden();
    await signOut(page);
  });
});
