import { expect, test } from '@playwright/test';
import { hydrated, nextCodeStep, setUpAuthenticator, shot, signInWithCode, signOut, totp } from '../support';
import { t } from '../i18n';

// This server runs as production does: second factors enforced (REQUIRE_SECOND_FACTOR).
test.describe('second factors enforced', () => {
  test('the operator sets up an authenticator at the first sign-in, then signs in with it', async ({ page }) => {
    test.setTimeout(120_000);
    await page.goto('/sign-in');
    await hydrated(page);
    await page.locator('input[name="email"]').fill('operator@program.example');
    await page.locator('input[name="password"]').fill('planning-demo-2026');
    await page.locator('main form button[type="submit"]').click();
    // Nothing else is open until it is set up: the sign-in leads to the account page.
    await expect(page).toHaveURL(/\/account$/);
    await expect(page.getByRole('alert').filter({ hasText: t('en', 'account.factor_required') })).toBeVisible();
    await page.screenshot(shot('identity', 'operator-must-set-up'));
    await page.goto('/review');
    await expect(page.getByRole('alert')).toContainText(t('en', 'common.errors.second_factor_setup'));
    await expect(page.getByRole('link', { name: t('en', 'common.set_up_second_factor') })).toHaveAttribute('href', '/account#second-factor');

    const { secret } = await setUpAuthenticator(page, 'en');
    // Turning it off is not offered: the operator must have one.
    await expect(page.getByRole('button', { name: t('en', 'account.factor_turn_off') })).toHaveCount(0);
    await page.goto('/review');
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('alert')).toHaveCount(0);
    await signOut(page);

    await nextCodeStep(page);
    await signInWithCode(page, 'operator@program.example', totp(secret));
  });
});
