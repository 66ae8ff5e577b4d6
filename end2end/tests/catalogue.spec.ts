import { expect, test } from '@playwright/test';
import { hydrated, shot, signIn } from './support';

test.describe('operator catalogue', () => {
  test('the operator adds an engagement type, with a clear message for a bad length first', async ({ page }) => {
    const stamp = Date.now();
    await signIn(page, 'operator@program.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Catalogue' }).click();
    await expect(page).toHaveURL(/\/catalogue$/);
    await hydrated(page);
    await page.getByLabel('Offering', { exact: true }).selectOption({ label: 'SDPS — SharePoint Deployment Planning' });
    await page.getByLabel('Engagement type', { exact: true }).fill(`Intranet Modernization ${stamp}`);
    await page.getByLabel('Allowed lengths', { exact: true }).fill('3, 4');
    await page.getByLabel('Qualifying competencies', { exact: true }).fill('Collaboration and Content:gold');
    await page.getByRole('button', { name: 'Add engagement type' }).click();
    await expect(page.locator('#field-lengths-message')).toHaveText('An engagement lasts 1, 3, 5, 10 or 15 days.');
    await page.getByLabel('Allowed lengths', { exact: true }).fill('3, 5');
    await page.getByRole('button', { name: 'Add engagement type' }).click();
    const sdps = page.locator('section[data-offering="SDPS"]');
    await expect(sdps).toContainText(`Intranet Modernization ${stamp}`);
    await expect(page.getByLabel('Engagement type', { exact: true })).toHaveValue('');
    await page.screenshot(shot('onboarding', 'operator-catalogue'));

    // A type half typed survives another form's success (the tiers below).
    await page.getByLabel('Engagement type', { exact: true }).fill(`Half typed ${stamp}`);

    // Entitlement tiers: more licences never earn fewer days.
    await page.getByLabel('From licences').fill('100000');
    await page.getByLabel('Planning days', { exact: true }).fill('20');
    await page.getByRole('button', { name: 'Set tier' }).click();
    await expect(page.locator('#field-tier-days-message')).toHaveText(
      'A tier from 100000 licences cannot earn fewer days than the one below it (25 days from 15000).',
    );
    await page.getByLabel('Planning days', { exact: true }).fill('30');
    await page.getByRole('button', { name: 'Set tier' }).click();
    await expect(page.locator('tr[data-tier="100000"]')).toContainText('30 days');
    await expect(page.getByLabel('Planning days', { exact: true })).toHaveValue('');
    await expect(page.getByLabel('Engagement type', { exact: true })).toHaveValue(`Half typed ${stamp}`);
    await page.screenshot(shot('vouchers', '0-operator-tiers'));
  });
});
