import { expect, test } from '@playwright/test';
import { confirmSignUp, customerVoucher, hydrated, shot, signIn } from './support';

test.describe('partner onboarding', () => {
  test('a new partner goes from sign-up to a first reservation on the guided path, leaving and resuming mid-way', async ({ page, browser }) => {
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

    // The dashboard's way in opens the first step not done; nothing is marked done yet.
    await page.getByRole('region', { name: 'Your enrollment' }).getByRole('link', { name: 'Go to enrollment' }).click();
    await expect(page).toHaveURL(/\/onboarding\/qualifications$/);
    await hydrated(page);
    await expect(page.locator('.stepper-done')).toHaveCount(0);
    // A competency half entered survives saving the training date beside it.
    await page.getByLabel('Competency', { exact: true }).selectOption('Data Platform');
    await page.getByLabel('Level').selectOption('gold');
    await page.getByLabel('Valid until').fill('2030-12-31');
    await page.getByLabel('Completed on').fill('2026-01-10');
    await page.getByRole('button', { name: 'Save training date' }).click();
    await expect(page.getByText('completed the program\'s compliance training on 10 Jan 2026')).toBeVisible();
    await expect(page.getByLabel('Competency', { exact: true })).toHaveValue('Data Platform');
    await expect(page.getByLabel('Valid until')).toHaveValue('2030-12-31');
    await page.getByRole('button', { name: 'Add competency' }).click();
    await expect(page.getByRole('cell', { name: 'Data Platform' })).toBeVisible();
    // The finished form starts blank again.
    await expect(page.getByLabel('Valid until')).toHaveValue('');
    await page.screenshot(shot('onboarding', '1-qualifications'));

    // Step 2: a location; a bad one first gets a field message.
    await page.getByRole('link', { name: /Next: Locations/ }).click();
    await expect(page).toHaveURL(/\/onboarding\/locations$/);
    await hydrated(page);
    await page.getByLabel('Partner location ID').fill('4812345');
    await page.getByLabel('Name', { exact: true }).fill('Datum Madrid');
    // The country is a list of names; adding without one asks for it.
    await page.getByRole('button', { name: 'Add location' }).click();
    await expect(page.locator('#field-country-message')).toHaveText('Choose a country.');
    await page.getByLabel('Country').selectOption({ label: 'Spain' });
    await page.getByRole('button', { name: 'Add location' }).click();
    await expect(page.getByRole('cell', { name: 'Datum Madrid' })).toBeVisible();
    await expect(page.getByRole('cell', { name: 'Spain' })).toBeVisible();
    await page.screenshot(shot('onboarding', '2-locations'));

    // Step 3: consultants' exams, on the way (a reservation needs one).
    await page.getByRole('link', { name: /Next: Consultants/ }).click();
    await expect(page).toHaveURL(/\/onboarding\/consultants$/);
    await hydrated(page);
    // Training, a competency (which makes SSDPS reachable) and a location are done.
    await expect(page.locator('.stepper-done')).toHaveCount(3);
    await page.getByLabel('Consultant', { exact: true }).selectOption({ label: 'Dana Datum' });
    await page.getByLabel('Competency', { exact: true }).selectOption('Data Platform');
    await page.getByLabel('Exam or assessment').fill('DP-300');
    await page.getByLabel('Passed on').fill('2026-01-05');
    await page.getByRole('button', { name: 'Record exam' }).click();
    await expect(page.getByRole('cell', { name: 'DP-300' })).toBeVisible();
    await expect(page.locator('.stepper-done')).toHaveCount(4);
    await page.screenshot(shot('onboarding', '3-consultants'));

    // Step 4: the eligibility checklist shows SSDPS qualified.
    await page.getByRole('link', { name: /Next: Eligibility/ }).click();
    await hydrated(page);
    const sql = page.locator('li.offering[data-offering="SSDPS"]');
    await expect(sql.locator('.check-met')).toHaveCount(2);
    await expect(sql.locator('.badge')).toHaveText('In progress');
    await page.screenshot(shot('onboarding', '4-eligibility'));

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

    // Step 5: sign the agreement (the signer's name is offered).
    await expect(page.getByLabel('Your name')).toHaveValue('Dana Datum');
    await page.getByLabel('Your title').fill('Managing Director');
    await page.getByRole('button', { name: /Sign version/ }).click();
    await expect(page.locator('.signature')).toContainText('Managing Director');
    await page.screenshot(shot('onboarding', '5-agreement'));

    // Step 6: enroll in SSDPS.
    await page.getByRole('link', { name: /Next: Enrollment/ }).click();
    await hydrated(page);
    await page.getByRole('button', { name: 'Enroll in SSDPS' }).click();
    await expect(page.locator('tr[data-offering="SSDPS"] .badge')).toHaveText('Active');
    await page.screenshot(shot('onboarding', '6-enrollment'));

    // Step 7: the business profile, published, with its preview.
    await page.getByRole('link', { name: /Next: Business profile/ }).click();
    await expect(page).toHaveURL(/\/onboarding\/profile$/);
    await hydrated(page);
    await page.getByLabel('Company description').fill('Datum plans SQL Server data estate modernisations in Spain.');
    await page.getByLabel('Website').fill('javascript:alert(1)');
    await page.getByLabel('Contact name').fill('Dana Datum');
    await page.getByLabel('Contact email').fill(`planning.${stamp}@datum.example`);
    const languages = page.getByRole('group', { name: 'Languages' });
    await languages.getByLabel('Spanish').check();
    await languages.getByLabel('English').check();
    await page.getByLabel('Industries').fill('Retail, Manufacturing');
    await page.getByLabel('Publish in the partner directory').check();
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.locator('#field-website-message')).toHaveText('Enter a web address like https://www.contoso.com.');
    // An address typed as people say it is taken as https.
    await page.getByLabel('Website').fill('www.datum.example');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect(page.getByRole('status')).toHaveText('Profile saved.');
    await expect(page.locator('.partner-card')).toContainText('SSDPS');
    await page.screenshot(shot('onboarding', '7-profile'));

    // Step 8: the summary covers every step, and every step is done.
    await page.getByRole('link', { name: /Next: Summary/ }).click();
    await expect(page.locator('.summary').first()).toBeVisible();
    await expect(page.locator('.summary').first()).toContainText('Consultants with a passed exam: 1');
    await expect(page.locator('.summary').first()).toContainText('published in the partner directory');
    await expect(page.locator('.summary').last()).toContainText('SSDPS');
    await expect(page.locator('.stepper-done')).toHaveCount(8);
    await page.screenshot(shot('onboarding', '8-summary'));

    // A customer's voucher for SQL Server planning, and its code for Datum.
    const customerContext = await browser.newContext();
    const customer = await customerContext.newPage();
    await signIn(customer, 'benefit.admin@fabrikam.example');
    const voucher = await customerVoucher(customer, `GP${stamp % 100000000}`, 'SSDPS');
    await customerContext.close();

    // From the summary straight to the first reservation.
    await page.getByRole('link', { name: 'Validate and reserve a voucher' }).click();
    await expect(page).toHaveURL(/\/reserve$/);
    await hydrated(page);
    await page.getByLabel('Voucher code', { exact: true }).fill(voucher.code);
    await page.getByLabel("Customer's benefit admin email").fill('benefit.admin@fabrikam.example');
    await page.getByRole('button', { name: 'Check voucher' }).click();
    await expect(page.locator('#voucher-found')).toContainText('Fabrikam Industries');
    await page.getByLabel('Dana Datum').check();
    const today = new Date().toISOString().slice(0, 10);
    const end = new Date(Date.now() + 2 * 86400000).toISOString().slice(0, 10);
    await page.getByLabel('Starts on').fill(today);
    await page.getByLabel('Ends on').fill(end);
    await page.getByLabel(/We accept the reservation terms/).check();
    await page.getByRole('button', { name: 'Reserve voucher' }).click();
    await expect(page.getByRole('status')).toContainText('Reserved.');
    await expect(page.locator('#voucher-found')).toContainText('Reserved');
    await page.screenshot(shot('onboarding', '9-first-reservation'));

    // A customer finds the new partner in the directory.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(page, 'project.manager@fabrikam.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Partner directory' }).click();
    await expect(page).toHaveURL(/\/partners$/);
    await hydrated(page);
    await page.getByLabel('Offering').selectOption('SSDPS');
    await page.getByLabel('Country').selectOption('ES');
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(page).toHaveURL(/offering=SSDPS/);
    const card = page.locator('.partner-card', { hasText: `Datum ${stamp}` });
    await expect(card).toBeVisible();
    await page.screenshot(shot('onboarding', '10-directory'));
    await card.getByRole('link', { name: `Datum ${stamp}` }).click();
    await expect(page.getByRole('heading', { name: `Datum ${stamp}` })).toBeVisible();
    await expect(page.locator('.facts')).toContainText('Spanish');
    await page.screenshot(shot('onboarding', '11-partner-profile'));
  });
});
