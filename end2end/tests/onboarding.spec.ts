import { expect, test } from '@playwright/test';
import { confirmSignUp, hydrated, shot, signIn } from './support';

test.describe('partner onboarding', () => {
  test('a new partner goes from nothing to an active enrollment, leaving and resuming mid-way', async ({ page }) => {
    const stamp = Date.now();
    // Sign up a brand-new partner.
    await page.goto('/sign-up');
    await hydrated(page);
    await page.getByLabel('partner').check();
    await page.getByLabel('Organisation name').fill(`Datum ${stamp}`);
    await page.getByLabel('Your name').fill('Dana Datum');
    await page.getByLabel('Work email').fill(`dana.${stamp}@datum.example`);
    await page.getByLabel('Password', { exact: true }).fill('datum passphrase 2026');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await confirmSignUp(page, `dana.${stamp}@datum.example`);

    // Step 1 of the wizard: training and a competency.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Onboarding' }).click();
    await expect(page).toHaveURL(/\/onboarding\/qualifications$/);
    await hydrated(page);
    await page.getByLabel('Completed on').fill('2026-01-10');
    await page.getByRole('button', { name: 'Save training date' }).click();
    await expect(page.getByText('completed the program\'s compliance training on 10 Jan 2026')).toBeVisible();
    await page.getByLabel('Competency', { exact: true }).selectOption('Data Platform');
    await page.getByLabel('Level').selectOption('gold');
    await page.getByLabel('Valid until').fill('2030-12-31');
    await page.getByRole('button', { name: 'Add competency' }).click();
    await expect(page.getByRole('cell', { name: 'Data Platform' })).toBeVisible();
    await page.screenshot(shot('onboarding', '1-qualifications'));

    // Step 2: a location; a bad one first gets a field message.
    await page.getByRole('link', { name: /Next: Locations/ }).click();
    await expect(page).toHaveURL(/\/onboarding\/locations$/);
    await hydrated(page);
    await page.getByLabel('Partner location ID').fill('4812345');
    await page.getByLabel('Name', { exact: true }).fill('Datum Madrid');
    await page.getByLabel('Country').fill('XX');
    await page.getByRole('button', { name: 'Add location' }).click();
    await expect(page.locator('#field-country-message')).toContainText('is not a country code we know');
    await page.getByLabel('Country').fill('ES');
    await page.getByRole('button', { name: 'Add location' }).click();
    await expect(page.getByRole('cell', { name: 'Datum Madrid' })).toBeVisible();
    await page.screenshot(shot('onboarding', '2-locations'));

    // Step 3: the eligibility checklist shows SSDPS qualified.
    await page.getByRole('link', { name: /Next: Eligibility/ }).click();
    await hydrated(page);
    const sql = page.locator('li.offering[data-offering="SSDPS"]');
    await expect(sql.locator('.check-met')).toHaveCount(2);
    await expect(sql.locator('.badge')).toHaveText('In progress');
    await page.screenshot(shot('onboarding', '3-eligibility'));

    // Leave mid-wizard (go elsewhere, sign out and in again) and resume here.
    await page.getByRole('link', { name: /Next: Program agreement/ }).click();
    await expect(page).toHaveURL(/\/onboarding\/agreement$/);
    await hydrated(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('link', { name: 'Sign in', exact: true }).first()).toBeVisible();
    await signIn(page, `dana.${stamp}@datum.example`, 'datum passphrase 2026');
    await page.goto('/onboarding');
    await expect(page).toHaveURL(/\/onboarding\/agreement$/);
    await hydrated(page);

    // Step 4: sign the agreement.
    await page.getByLabel('Your name').fill('Dana Datum');
    await page.getByLabel('Your title').fill('Managing Director');
    await page.getByRole('button', { name: /Sign version/ }).click();
    await expect(page.locator('.signature')).toContainText('Managing Director');
    await page.screenshot(shot('onboarding', '4-agreement'));

    // Step 5: enroll in SSDPS.
    await page.getByRole('link', { name: /Next: Enrollment/ }).click();
    await hydrated(page);
    await page.getByRole('button', { name: 'Enroll in SSDPS' }).click();
    await expect(page.locator('tr[data-offering="SSDPS"] .badge')).toHaveText('Active');
    await page.screenshot(shot('onboarding', '5-enrollment'));

    // Step 6: the business profile, published, with its preview.
    await page.getByRole('link', { name: /Next: Business profile/ }).click();
    await expect(page).toHaveURL(/\/onboarding\/profile$/);
    await hydrated(page);
    await page.getByLabel('Company description').fill('Datum plans SQL Server data estate modernisations in Spain.');
    await page.getByLabel('Website').fill('javascript:alert(1)');
    await page.getByLabel('Contact name').fill('Dana Datum');
    await page.getByLabel('Contact email').fill(`planning.${stamp}@datum.example`);
    await page.getByLabel('Languages').fill('es, en');
    await page.getByLabel('Industries').fill('Retail, Manufacturing');
    await page.getByLabel('Publish in the partner directory').check();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.locator('#field-website-message')).toHaveText('Enter a web address like https://www.contoso.com.');
    await page.getByLabel('Website').fill('https://www.datum.example');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByRole('status')).toHaveText('Profile saved.');
    await expect(page.locator('.partner-card')).toContainText('SSDPS');
    await page.screenshot(shot('onboarding', '6-profile'));

    // Step 7: the summary.
    await page.getByRole('link', { name: /Next: Summary/ }).click();
    await expect(page.locator('.summary').first()).toBeVisible();
    await expect(page.locator('.summary').last()).toContainText('SSDPS');
    await page.screenshot(shot('onboarding', '7-summary'));

    // A customer finds the new partner in the directory.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, 'project.manager@fabrikam.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Partner directory' }).click();
    await expect(page).toHaveURL(/\/partners$/);
    await hydrated(page);
    await page.getByLabel('Offering').selectOption('SSDPS');
    await page.getByLabel('Country').fill('ES');
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/offering=SSDPS/);
    const card = page.locator('.partner-card', { hasText: `Datum ${stamp}` });
    await expect(card).toBeVisible();
    await page.screenshot(shot('onboarding', '8-directory'));
    await card.getByRole('link', { name: `Datum ${stamp}` }).click();
    await expect(page.getByRole('heading', { name: `Datum ${stamp}` })).toBeVisible();
    await expect(page.locator('.facts')).toContainText('Spanish');
    await page.screenshot(shot('onboarding', '9-partner-profile'));
  });
});
