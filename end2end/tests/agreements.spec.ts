import { expect, test } from '@playwright/test';
import { hydrated, shot, signIn } from './support';

test.describe('customer agreements', () => {
  test('a benefit admin registers an agreement and activates the benefit', async ({ page }) => {
    const licensingId = `V${Date.now() % 100000000}`;
    await signIn(page, 'benefit.admin@fabrikam.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Agreements & days' }).click();
    await expect(page).toHaveURL(/\/agreements$/);
    await hydrated(page);
    await page.getByLabel('Licensing ID').fill(licensingId);
    await page.getByLabel('Qualifying SA licences').fill('a lot');
    await page.getByLabel('Agreement ends on').fill('2030-06-30');
    await page.getByRole('button', { name: 'Register agreement' }).click();
    await expect(page.locator('#field-qualifying_licenses-message')).toHaveText(
      'Enter the number of qualifying Software Assurance licences (a whole number).',
    );
    await page.getByLabel('Qualifying SA licences').fill('5,000');
    await page.getByRole('button', { name: 'Register agreement' }).click();
    await expect(page.getByRole('status')).toHaveText('Registered: it earns 15 days.');
    const row = page.locator(`tr[data-agreement="${licensingId}"]`);
    await expect(row).toContainText('15 days');
    await row.getByRole('button', { name: 'Activate' }).click();
    await expect(row.locator('.badge')).toContainText('Active since');
    await page.screenshot(shot('vouchers', '1-agreements'));
  });
});
