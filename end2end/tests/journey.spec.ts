import { expect, test, type Page } from '@playwright/test';
import { hydrated, shot, signIn, signOut, waitForMail } from './support';

/** Calls a server function with the page's session, as a form would. */
async function api(page: Page, endpoint: string, form: Record<string, string> = {}) {
  const response = await page.request.post(`/api/${endpoint}`, { form });
  expect(response.status(), `${endpoint}: ${await response.text()}`).toBe(200);
  return response.json();
}

test.describe('from voucher to payment', () => {
  test('a partner validates, reserves, reports, redeems and claims a voucher; the operator pays; the customer follows it', async ({ page }) => {
    const licensingId = `VR${Date.now() % 100000000}`;

    // The customer's side, set up through its server functions: an active agreement
    // and a 3-day DDPS voucher for the project manager.
    await signIn(page, 'benefit.admin@fabrikam.example');
    await api(page, 'register_agreement', { licensing_id: licensingId, qualifying_licenses: '2500', ends_on: '2030-06-30' });
    const agreements = await api(page, 'list_agreements');
    const agreement = agreements.find((a: { licensing_id: string }) => a.licensing_id === licensingId);
    await api(page, 'activate_benefit', { agreement_id: agreement.id });
    const options = await api(page, 'voucher_wizard_options');
    const ddps = options.offerings.find((o: { offering: { code: string } }) => o.offering.code === 'DDPS').offering.id;
    const voucher = await api(page, 'create_voucher', {
      agreement_id: agreement.id, offering_id: ddps, days: '3', division: licensingId,
      project_manager: 'project.manager@fabrikam.example', new_name: '', new_email: '',
    });
    await page.goto('/agreements');
    await expect(page.locator(`tr[data-agreement="${licensingId}"]`)).toContainText('7 days');
    await page.screenshot(shot('journey', '01-agreement'));
    await page.goto(`/vouchers/${voucher.id}`);
    await expect(page.getByRole('heading', { name: `Voucher ${voucher.code}` })).toBeVisible();
    await page.screenshot(shot('journey', '02-voucher'));
    await signOut(page);

    // The project manager gets the code and looks for a partner.
    await signIn(page, 'project.manager@fabrikam.example');
    await page.goto('/vouchers');
    await expect(page.locator(`tr[data-code="${voucher.code}"]`)).toBeVisible();
    await page.screenshot(shot('journey', '03-project-manager'));
    await page.goto('/partners');
    await expect(page.getByRole('heading', { name: 'Partner directory' })).toBeVisible();
    await page.screenshot(shot('journey', '04-directory'));
    await signOut(page);

    // The partner: onboarded for DDPS with a location in Spain and a consultant's exam.
    await signIn(page, 'global.admin@contoso.example');
    await api(page, 'record_training', { completed_on: '2026-01-10' });
    await api(page, 'add_competency', { name: 'Windows and Devices', level: 'silver', valid_until: '2030-12-31' });
    await api(page, 'sign_agreement', { signer_name: 'Gabriel Global', signer_title: 'CEO', version: '1' });
    const overview = await api(page, 'get_onboarding');
    const ddpsEnrolled = overview.enrollments.some((e: { offering_id: string }) => e.offering_id === ddps);
    if (!ddpsEnrolled) await api(page, 'enroll', { offering_id: ddps });
    if (!overview.locations.some((l: { location_id: string }) => l.location_id === '4800001')) {
      await api(page, 'add_location', { location_id: '4800001', name: 'Madrid', country: 'ES' });
    }
    const exams = await api(page, 'list_exams');
    const carlos = exams.people.find((p: [string, string]) => p[1] === 'Carlos Consultant')[0];
    await api(page, 'record_exam', { consultant: carlos, competency: 'Windows and Devices', exam: 'MD-102', passed_on: '2026-01-05' });

    // Validate: a wrong email gets the one answer that reveals nothing.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Validate & reserve' }).click();
    await expect(page).toHaveURL(/\/reserve$/);
    await hydrated(page);
    await page.getByLabel('Voucher code').fill(voucher.code.toLowerCase());
    await page.getByLabel("Customer's benefit admin email").fill('someone@fabrikam.example');
    await page.getByRole('button', { name: 'Check voucher' }).click();
    await expect(page.getByRole('alert')).toHaveText('No voucher matches this code and email. Check both with the customer.');
    await page.getByLabel("Customer's benefit admin email").fill('benefit.admin@fabrikam.example');
    await page.getByRole('button', { name: 'Check voucher' }).click();
    await expect(page.locator('#voucher-found')).toContainText('Fabrikam Industries');
    await expect(page.locator('#voucher-found')).toContainText('3 days');
    await page.screenshot(shot('journey', '05-validate'));

    // Reserve: the server's messages first, then a good reservation.
    await page.getByLabel('Engagement type').selectOption({ label: 'Windows & Office Deployment Planning' });
    const today = new Date();
    const start = new Date(today.getTime() + 7 * 86400000).toISOString().slice(0, 10);
    const end = new Date(today.getTime() + 9 * 86400000).toISOString().slice(0, 10);
    await page.getByLabel('Starts on').fill(end);
    await page.getByLabel('Ends on').fill(start);
    await page.getByRole('button', { name: 'Reserve voucher' }).click();
    await expect(page.locator('#field-consultants-message')).toHaveText('Choose at least one consultant.');
    await expect(page.locator('#field-accept_terms-message')).toHaveText('Accept the reservation terms to reserve.');
    await expect(page.locator('#field-ends_on-message')).toHaveText('The engagement must end on or after its start.');
    await page.getByLabel('Carlos Consultant').check();
    await page.getByLabel('Starts on').fill(start);
    await page.getByLabel('Ends on').fill(end);
    await page.getByLabel('We accept the reservation terms').check();
    await page.screenshot(shot('journey', '06-reserve'));
    await page.getByRole('button', { name: 'Reserve voucher' }).click();
    await expect(page.getByRole('status')).toContainText('Reserved. The customer has been told.');

    await page.getByRole('link', { name: 'See your engagements' }).click();
    await expect(page).toHaveURL(/\/engagements$/);
    const row = page.locator(`tr[data-code="${voucher.code}"]`);
    await expect(row).toContainText('Windows & Office Deployment Planning');
    await expect(row).toContainText('Carlos Consultant');
    await page.screenshot(shot('journey', '07-engagements'));

    // Step 6: the completion report, a deliverable checked by content, submission.
    await row.getByRole('link', { name: 'Report' }).click();
    await expect(page).toHaveURL(/\/engagements\/.+\/report$/);
    await hydrated(page);
    const todayIso = new Date().toISOString().slice(0, 10);
    await page.getByLabel('Delivered from').fill(todayIso);
    await page.getByLabel('Delivered to').fill(todayIso);
    await page.getByLabel('Days delivered').fill('4');
    await page.getByLabel('Customer contact name').fill('Pablo Project');
    await page.getByLabel('Customer contact email').fill('project.manager@fabrikam.example');
    await page.getByLabel('Summary of the engagement').fill('Assessed 1,200 desktops and planned the Windows 11 rollout in three waves.');
    await page.getByLabel('Recommendations to the customer').fill('Start with the finance pilot group, then automate with Autopilot.');
    await page.getByRole('button', { name: 'Save report' }).click();
    await expect(page.locator('#field-days_delivered-message')).toHaveText("Enter the days delivered, from 1 to the voucher's 3.");
    await page.getByLabel('Days delivered').fill('3');
    await page.getByRole('button', { name: 'Save report' }).click();
    await expect(page.getByRole('status')).toHaveText('Report saved.');
    const upload = page.getByLabel('File (PDF, DOCX, PPTX or XLSX, up to 10 MB)');
    await upload.setInputFiles({ name: 'plan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>not a pdf</html>') });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page.locator('#field-file-message')).toContainText('this file is none of these');
    await upload.setInputFiles({ name: 'Rollout plan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n') });
    await page.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect(page.locator('ul.deliverables')).toContainText('Rollout plan.pdf');
    await page.screenshot(shot('journey', '08-report'));
    await page.getByRole('button', { name: 'Submit report' }).click();
    await expect(page.locator('dl.facts').first()).toContainText('Delivered');
    await page.screenshot(shot('journey', '09-delivered'));

    // Step 7: redeem the delivered engagement.
    await page.getByRole('link', { name: '← Engagements' }).click();
    const delivered = page.locator(`tr[data-code="${voucher.code}"]`);
    await expect(delivered).toContainText('Delivered');
    await delivered.getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Redeem selected (1)' }).click();
    await expect(page.getByRole('status')).toHaveText('Redeemed 1 voucher.');
    await expect(delivered).toContainText('Redeemed');
    await page.screenshot(shot('journey', '10-redeemed'));

    // Step 8: registration, a bank account for Madrid, the claim.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payment claims' }).click();
    await expect(page).toHaveURL(/\/claims$/);
    await hydrated(page);
    await page.getByLabel('Legal name').fill('Contoso Consulting S.L.');
    await page.getByLabel('Tax ID').fill('ESB12345678');
    await page.getByLabel('Remit address').fill('Calle Mayor 1, 28013 Madrid');
    await page.getByRole('button', { name: 'Register for payment' }).click();
    await expect(page.getByText('Registered as')).toContainText('Contoso Consulting S.L.');
    await page.getByLabel('Account holder').fill('Contoso Consulting S.L.');
    await page.getByLabel('Account number or IBAN').fill('12');
    await page.getByLabel('Bank code (BIC/SWIFT)').fill('CAIXESBBXXX');
    await page.getByRole('button', { name: 'Save bank account' }).click();
    await expect(page.locator('#field-account_number-message')).toContainText('6 to 34 letters and digits');
    await page.getByLabel('Account number or IBAN').fill('ES91 2100 0418 4502 0005 1332');
    await page.getByRole('button', { name: 'Save bank account' }).click();
    await expect(page.getByRole('cell', { name: '•••• 1332' })).toBeVisible();
    await page.locator(`tr[data-code="${voucher.code}"]`).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Claim selected (1)' }).click();
    await expect(page.getByRole('status')).toContainText('submitted.');
    const reference = (await page.getByRole('status').locator('strong').innerText()).trim();
    expect(reference).toMatch(/^SAVB-\d{4}-[0-9A-Z]{8}$/);
    await expect(page.locator(`tr[data-reference="${reference}"]`)).toContainText('2,700.00 EUR');
    await page.screenshot(shot('journey', '11-claim'));
    await signOut(page);

    // The operator returns it for changes; the partner answers and resubmits.
    const review = async () => {
      await signIn(page, 'operator@program.example');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Claims review' }).click();
      await hydrated(page);
      return page.locator(`tr[data-reference="${reference}"]`);
    };
    let claimRow = await review();
    await claimRow.getByText('Return for changes').click();
    await claimRow.getByLabel('Comment to the partner').fill('Please confirm the delivered days with the customer.');
    await claimRow.getByRole('button', { name: 'Return', exact: true }).click();
    await expect(claimRow).toContainText('Returned');
    await expect(claimRow).toContainText('Please confirm the delivered days');
    await page.screenshot(shot('journey', '12-returned'));
    await signOut(page);

    await signIn(page, 'global.admin@contoso.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payment claims' }).click();
    await hydrated(page);
    const ownRow = page.locator(`tr[data-reference="${reference}"]`);
    await expect(ownRow).toContainText('Please confirm the delivered days');
    const keep = ownRow.getByRole('checkbox', { name: new RegExp(voucher.code) });
    await keep.uncheck();
    await expect(ownRow.getByRole('button', { name: 'Resubmit' })).toBeDisabled();
    await keep.check();
    await ownRow.getByLabel('Reply to the operator (optional)').fill('Confirmed with Fabrikam: 3 days.');
    await page.screenshot(shot('journey', '13-resubmit'));
    await ownRow.getByRole('button', { name: 'Resubmit' }).click();
    await expect(ownRow).toContainText('Submitted');
    await expect(ownRow).toContainText('Confirmed with Fabrikam: 3 days.');
    await signOut(page);

    // The operator approves and pays.
    claimRow = await review();
    await expect(claimRow).toContainText('Confirmed with Fabrikam: 3 days.');
    await claimRow.getByRole('button', { name: 'Approve' }).click();
    await expect(claimRow).toContainText('Approved');
    await expect(claimRow).toContainText('due ');
    await page.screenshot(shot('journey', '14-approved'));
    await claimRow.getByLabel('Payment reference').fill('TRF-2026-0042');
    await claimRow.getByRole('button', { name: 'Mark paid' }).click();
    await expect(claimRow).toContainText('Paid');
    await expect(claimRow).toContainText('TRF-2026-0042');
    await page.getByRole('button', { name: 'Export all claims as CSV' }).click();
    await expect(page.locator('#download-csv')).toContainText('Download claims.csv (');
    await page.screenshot(shot('journey', '15-paid'));
    const decision = await waitForMail('global.admin@contoso.example', new RegExp(`Payment claim ${reference} paid`));
    expect(decision.text).toContain('TRF-2026-0042');
    const mail = await waitForMail('project.manager@fabrikam.example', /Contoso Consulting reserved voucher/);
    expect(mail.text).toContain(voucher.code);
    await signOut(page);

    // The customer sees who reserved it and when the engagement runs.
    await signIn(page, 'project.manager@fabrikam.example');
    await page.goto(`/vouchers/${voucher.id}`);
    await expect(page.getByRole('heading', { name: 'Engagement' })).toBeVisible();
    await expect(page.locator('dl.facts').nth(1)).toContainText('Contoso Consulting');
    await expect(page.locator('.timeline')).toContainText('reserved the voucher for an engagement');
    await expect(page.locator('.timeline')).toContainText('the engagement is delivered');
    await expect(page.locator('.timeline')).toContainText('redeemed the voucher');
    await expect(page.locator('.timeline')).toContainText('paid the partner for the voucher');
    await page.screenshot(shot('journey', '16-customer-follows-payment'));
  });
});
