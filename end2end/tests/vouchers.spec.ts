import { expect, test } from '@playwright/test';
import { activeAgreement, hydrated, shot, signIn, signOut, waitForMail } from './support';

test.describe('customer vouchers', () => {
  test('a benefit admin creates a voucher in the wizard; the project manager sees it and gets the email', async ({ page }) => {
    const licensingId = `VW${Date.now() % 100000000}`;
    const division = `Retail ${Date.now() % 10000}`;
    await signIn(page, 'benefit.admin@fabrikam.example');

    // Activate the benefit on a new agreement (2,500 licences earn 10 days).
    await activeAgreement(page, licensingId);

    // The wizard, step by step.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Vouchers' }).click();
    await expect(page).toHaveURL(/\/vouchers$/);
    await hydrated(page);
    await page.getByRole('link', { name: 'New voucher' }).click();
    await expect(page).toHaveURL(/\/vouchers\/new$/);
    await expect(page.getByRole('heading', { name: 'Step 1 of 6: Agreement' })).toBeVisible();
    await page.getByRole('button', { name: 'Next →' }).click();
    await expect(page.locator('#step-error')).toHaveText('Choose an agreement.');
    await page.getByLabel(licensingId).check();
    // The message goes once the answer is given.
    await expect(page.locator('#step-error')).toHaveCount(0);
    await page.screenshot(shot('vouchers', '2-wizard-agreement'));
    await page.getByRole('button', { name: 'Next →' }).click();

    await expect(page.getByRole('heading', { name: 'Step 2 of 6: Offering' })).toBeVisible();
    await page.getByLabel('DDPS Desktop Deployment Planning').check();
    await page.screenshot(shot('vouchers', '3-wizard-offering'));
    await page.getByRole('button', { name: 'Next →' }).click();

    await expect(page.getByRole('heading', { name: 'Step 3 of 6: Planning days' })).toBeVisible();
    // 10 days left: 15 is not offered.
    await expect(page.getByRole('radio')).toHaveCount(4);
    await page.getByLabel('5 days').check();
    await page.screenshot(shot('vouchers', '4-wizard-days'));
    await page.getByRole('button', { name: 'Next →' }).click();

    await expect(page.getByRole('heading', { name: 'Step 4 of 6: Division' })).toBeVisible();
    await page.getByLabel('Division or legal entity (optional)').fill(division);
    await page.screenshot(shot('vouchers', '5-wizard-division'));
    await page.getByRole('button', { name: 'Next →' }).click();

    await expect(page.getByRole('heading', { name: 'Step 5 of 6: Project manager' })).toBeVisible();
    await page.getByLabel('Pablo Project').check();
    await page.screenshot(shot('vouchers', '6-wizard-project-manager'));
    await page.getByRole('button', { name: 'Next →' }).click();

    await expect(page.getByRole('heading', { name: 'Step 6 of 6: Review' })).toBeVisible();
    const review = page.locator('dl.review');
    await expect(review).toContainText(licensingId);
    await expect(review).toContainText('5 days');
    await expect(review).toContainText(division);
    await expect(review).toContainText('project.manager@fabrikam.example');
    await page.screenshot(shot('vouchers', '7-wizard-review'));
    await page.getByRole('button', { name: 'Create voucher' }).click();

    await expect(page.getByRole('heading', { name: 'Voucher created' })).toBeVisible();
    const code = (await page.locator('#voucher-code').innerText()).trim();
    expect(code).toMatch(/^[0-9A-Z]{5}(-[0-9A-Z]{5}){3}$/);
    await page.screenshot(shot('vouchers', '8-created'));

    // The voucher page and its timeline.
    await page.getByRole('link', { name: 'Open the voucher' }).click();
    await expect(page.getByRole('heading', { name: `Voucher ${code}` })).toBeVisible();
    await expect(page.locator('.timeline')).toContainText('created the voucher and assigned it');
    await page.screenshot(shot('vouchers', '9-voucher-page'));

    // The list, and the pool on the agreements page.
    await page.goto('/vouchers');
    await hydrated(page);
    await page.getByLabel('Status').selectOption('assigned');
    await page.getByLabel('Agreement').selectOption({ label: licensingId });
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect(page).toHaveURL(/status=assigned&agreement=/);
    await expect(page.locator('table.vouchers tbody tr')).toHaveCount(1);
    await expect(page.locator(`tr[data-code="${code}"]`)).toContainText('Assigned');
    await page.getByRole('button', { name: 'Export these vouchers as CSV' }).click();
    await expect(page.locator('#download-csv')).toHaveText('Download vouchers.csv (1 voucher)');
    await page.screenshot(shot('vouchers', '10-list'));
    await page.goto('/agreements');
    await expect(page.locator(`tr[data-agreement="${licensingId}"]`)).toContainText('5 days');

    // The project manager's email went through real SMTP.
    const mail = await waitForMail('project.manager@fabrikam.example', /Planning Services voucher for 5 days of Desktop Deployment Planning/);
    expect(mail.text).toContain(code);
    expect(mail.text).toContain('benefit.admin@fabrikam.example');
    await page.goto('/outbox');
    await expect(page.locator('.outbox-item').filter({ hasText: 'Planning Services voucher for 5 days' }).first()).toContainText('Sent');
    await page.screenshot(shot('vouchers', '11-emails'));
    await signOut(page);

    // The project manager sees the voucher assigned to them.
    await signIn(page, 'project.manager@fabrikam.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Vouchers' }).click();
    await expect(page.locator(`tr[data-code="${code}"]`)).toContainText(division);
    await expect(page.getByRole('link', { name: 'New voucher' })).toHaveCount(0);
    await page.screenshot(shot('vouchers', '12-project-manager'));
  });

  test('the wizard sends the admin back to the step the server refused', async ({ page }) => {
    await signIn(page, 'benefit.admin@fabrikam.example');
    await page.goto('/vouchers/new');
    await hydrated(page);
    await page.locator('input[name="agreement"]').first().check();
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByLabel('SSDPS').check();
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByRole('radio').first().check();
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByLabel('Someone new').check();
    await page.getByLabel('Their name').fill('Nadia Novak');
    await page.getByLabel('Their work email').fill('nadia at fabrikam');
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByRole('button', { name: 'Create voucher' }).click();
    await expect(page.getByRole('heading', { name: 'Step 5 of 6: Project manager' })).toBeVisible();
    await expect(page.locator('#step-error')).toHaveText('Enter an email address like name@company.com.');
    await page.screenshot(shot('vouchers', '13-refused-email'));
    await page.getByLabel('Their work email').fill('nadia.novak@fabrikam.example');
    await page.getByRole('button', { name: 'Next →' }).click();
    await page.getByRole('button', { name: 'Create voucher' }).click();
    await expect(page.getByRole('heading', { name: 'Voucher created' })).toBeVisible();
    await expect(page.getByText('They were also invited to the portal')).toBeVisible();

    // Cancelling asks once more, then the voucher is Cancelled for good.
    await page.getByRole('link', { name: 'Open the voucher' }).click();
    await hydrated(page);
    await page.getByRole('button', { name: 'Cancel voucher…' }).click();
    await page.screenshot(shot('vouchers', '14-cancel-confirm'));
    await page.getByRole('button', { name: 'Yes, cancel the voucher' }).click();
    await expect(page.locator('dl.facts .badge')).toHaveText('Cancelled');
    await expect(page.locator('.timeline')).toContainText('cancelled the voucher');
    await expect(page.getByRole('button', { name: 'Cancel voucher…' })).toHaveCount(0);
  });
});
