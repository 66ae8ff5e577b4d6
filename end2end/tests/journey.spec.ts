import { expect, test } from '@playwright/test';
import { days, t, type Lang } from './i18n';
import { api, customerVoucher, hydrated, mainNav, setUpAuthenticator, shot, signIn, signInWithCode, signOut, waitForMail } from './support';

/** The main journey twice: in English on a desktop, in Spanish on a 375 px phone. */
const RUNS = [
  { lang: 'en', device: 'desktop', locale: 'en-GB', viewport: { width: 1280, height: 900 }, shots: 'journey' },
  { lang: 'es', device: 'phone', locale: 'es-ES', viewport: { width: 375, height: 812 }, shots: 'journey-es-phone' },
] as const;

for (const run of RUNS) {
  const lang: Lang = run.lang;
  const tr = (key: string, vars: Record<string, string | number> = {}) => t(lang, key, vars);
  const money = { en: '2,700.00 EUR', es: '2.700,00 EUR' }[lang];

  test.describe(`from voucher to payment (${lang}, ${run.device})`, () => {
    test.use({ locale: run.locale, viewport: run.viewport });

    test('a partner validates, reserves, reports, redeems and claims a voucher; the operator pays; the customer follows it', async ({ page, browser }) => {
      const licensingId = `VR${Date.now() % 100000000}`;

      // The customer's side, set up through its server functions: an active agreement
      // and a 3-day DDPS voucher for the project manager.
      await signIn(page, 'benefit.admin@fabrikam.example');
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      const voucher = await customerVoucher(page, licensingId, 'DDPS');
      const ddps = voucher.offeringId;
      await page.goto('/agreements');
      await expect(page.locator(`tr[data-agreement="${licensingId}"]`)).toContainText(days(lang, 7));
      await page.screenshot(shot(run.shots, '01-agreement'));
      await page.goto(`/vouchers/${voucher.id}`);
      await expect(page.getByRole('heading', { name: `${tr('vouchers.voucher')} ${voucher.code}` })).toBeVisible();
      await page.screenshot(shot(run.shots, '02-voucher'));
      await signOut(page, lang);

      // The project manager gets the code and looks for a partner.
      await signIn(page, 'project.manager@fabrikam.example');
      await page.goto('/vouchers');
      await expect(page.locator(`tr[data-code="${voucher.code}"]`)).toBeVisible();
      await page.screenshot(shot(run.shots, '03-project-manager'));
      await page.goto('/partners');
      await expect(page.getByRole('heading', { name: tr('directory.title') })).toBeVisible();
      await page.screenshot(shot(run.shots, '04-directory'));
      await signOut(page, lang);

      // The partner: onboarded for DDPS with a location in Spain and a consultant's exam
      // (the second run finds most of it done).
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
      await (await mainNav(page, lang)).getByRole('link', { name: tr('common.sections.reserve') }).click();
      await expect(page).toHaveURL(/\/reserve$/);
      await hydrated(page);
      await page.getByLabel(tr('reservations.code'), { exact: true }).fill(voucher.code.toLowerCase());
      await page.getByLabel(tr('reservations.admin_email')).fill('someone@fabrikam.example');
      await page.getByRole('button', { name: tr('reservations.check') }).click();
      // What the server writes about the case reads in the page's language too.
      await expect(page.getByRole('alert')).toHaveText(tr('messages.reservation.no_match'));
      await page.getByLabel(tr('reservations.admin_email')).fill('benefit.admin@fabrikam.example');
      await page.getByRole('button', { name: tr('reservations.check') }).click();
      await expect(page.locator('#voucher-found')).toContainText('Fabrikam Industries');
      await expect(page.locator('#voucher-found')).toContainText(days(lang, 3));
      await page.screenshot(shot(run.shots, '05-validate'));

      // Reserve: the server's messages first, then a good reservation.
      await page.getByLabel(tr('reservations.engagement_type')).selectOption({ label: 'Windows & Office Deployment Planning' });
      const today = new Date();
      // From today, so the report can follow at once (it tells the dates delivered).
      const start = today.toISOString().slice(0, 10);
      const end = new Date(today.getTime() + 2 * 86400000).toISOString().slice(0, 10);
      await page.getByLabel(tr('reservations.starts_on')).fill(end);
      await page.getByLabel(tr('reservations.ends_on')).fill(start);
      await page.getByRole('button', { name: tr('reservations.reserve_button') }).click();
      await expect(page.locator('#field-consultants-message')).toHaveText(tr('messages.reservation.no_consultant'));
      await expect(page.locator('#field-accept_terms-message')).toHaveText(tr('messages.reservation.terms_not_accepted'));
      await expect(page.locator('#field-ends_on-message')).toHaveText(tr('messages.reservation.ends_before_start'));
      await page.getByLabel('Carlos Consultant').check();
      await page.getByLabel(tr('reservations.starts_on')).fill(start);
      await page.getByLabel(tr('reservations.ends_on')).fill(end);
      await page.getByLabel(tr('reservations.terms')).check();
      await page.screenshot(shot(run.shots, '06-reserve'));
      await page.getByRole('button', { name: tr('reservations.reserve_button') }).click();
      await expect(page.getByRole('status')).toContainText(tr('reservations.reserved'));
      // The page follows at once: the voucher is reserved and its form has gone.
      await expect(page.locator('#voucher-found')).toContainText(tr('vouchers.statuses.reserved'));
      await expect(page.getByRole('button', { name: tr('reservations.reserve_button') })).toBeHidden();

      await page.getByRole('link', { name: tr('reservations.see_engagements') }).click();
      await expect(page).toHaveURL(/\/engagements$/);
      const row = page.locator(`tr[data-code="${voucher.code}"]`);
      await expect(row).toContainText('Windows & Office Deployment Planning');
      await expect(row).toContainText('Carlos Consultant');
      await page.screenshot(shot(run.shots, '07-engagements'));

      // Step 6: the completion report, a deliverable checked by content, submission.
      await row.getByRole('link', { name: tr('reservations.report') }).click();
      await expect(page).toHaveURL(/\/engagements\/.+\/report$/);
      await hydrated(page);
      const todayIso = new Date().toISOString().slice(0, 10);
      await page.getByLabel(tr('reports.delivered_from')).fill(todayIso);
      await page.getByLabel(tr('reports.delivered_to')).fill(todayIso);
      await page.getByLabel(tr('reports.days_delivered')).fill('4');
      await page.getByLabel(tr('reports.contact_name')).fill('Pablo Project');
      await page.getByLabel(tr('reports.contact_email')).fill('project.manager@fabrikam.example');
      await page.getByLabel(tr('reports.summary_label')).fill('Assessed 1,200 desktops and planned the Windows 11 rollout in three waves.');
      await page.getByLabel(tr('reports.recommendations_label')).fill('Start with the finance pilot group, then automate with Autopilot.');
      await page.getByRole('button', { name: tr('reports.save') }).click();
      await expect(page.locator('#field-days_delivered-message')).toHaveText(tr('messages.report.days_delivered', { days: 3 }));
      // One date holds one day of work.
      await page.getByLabel(tr('reports.days_delivered')).fill('3');
      await page.getByRole('button', { name: tr('reports.save') }).click();
      await expect(page.locator('#field-days_delivered-message')).toHaveText(tr('messages.report.more_than_the_dates', { days: days(lang, 1) }));
      await page.getByLabel(tr('reports.days_delivered')).fill('1');
      await page.getByRole('button', { name: tr('reports.save') }).click();
      await expect(page.getByRole('status')).toHaveText(tr('reports.saved'));
      const upload = page.getByLabel(tr('reports.file'));
      await upload.setInputFiles({ name: 'plan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html>not a pdf</html>') });
      await page.getByRole('button', { name: tr('reports.upload'), exact: true }).click();
      await expect(page.locator('#field-file-message')).toHaveText(tr('messages.deliverable.wrong_type'));
      await upload.setInputFiles({ name: 'Rollout plan.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n') });
      await page.getByRole('button', { name: tr('reports.upload'), exact: true }).click();
      await expect(page.locator('ul.deliverables')).toContainText('Rollout plan.pdf');
      // The file input was emptied by the upload; a file uploaded by mistake is removed.
      await expect(upload).toHaveValue('');
      await upload.setInputFiles({ name: 'Old draft.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%%EOF\n') });
      await page.getByRole('button', { name: tr('reports.upload'), exact: true }).click();
      await expect(page.locator('ul.deliverables li')).toHaveCount(2);
      await page.getByRole('button', { name: tr('reports.remove_named', { name: 'Old draft.pdf' }) }).click();
      await expect(page.locator('ul.deliverables li')).toHaveCount(1);
      await expect(page.locator('ul.deliverables')).toContainText('Rollout plan.pdf');
      await page.screenshot(shot(run.shots, '08-report'));
      await page.getByRole('button', { name: tr('reports.submit') }).click();
      // Submitting cannot be undone: the page asks first.
      await page.getByRole('button', { name: tr('reports.submit_confirm') }).click();
      await expect(page.locator('dl.facts').first()).toContainText(tr('vouchers.statuses.delivered'));
      await page.screenshot(shot(run.shots, '09-delivered'));

      // Step 7: redeem the delivered engagement.
      await page.getByRole('link', { name: tr('reports.back') }).click();
      const delivered = page.locator(`tr[data-code="${voucher.code}"]`);
      await expect(delivered).toContainText(tr('vouchers.statuses.delivered'));
      await delivered.getByRole('checkbox').check();
      await page.getByRole('button', { name: tr('reservations.redeem_selected', { count: 1 }) }).click();
      await page.getByRole('button', { name: tr('reservations.redeem_confirm') }).click();
      await expect(page.getByRole('status')).toHaveText(tr('reservations.redeemed_single'));
      await expect(delivered).toContainText(tr('vouchers.statuses.redeemed'));
      await page.screenshot(shot(run.shots, '10-redeemed'));

      // Step 8: registration (the first run), a bank account for Madrid, the claim.
      await (await mainNav(page, lang)).getByRole('link', { name: tr('common.sections.claims') }).click();
      await expect(page).toHaveURL(/\/claims$/);
      await hydrated(page);
      if (await page.getByLabel(tr('claims.legal_name')).count()) {
        await page.getByLabel(tr('claims.legal_name')).fill('Contoso Consulting S.L.');
        await page.getByLabel(tr('claims.tax_id')).fill('ESB12345678');
        await page.getByLabel(tr('claims.remit_address')).fill('Calle Mayor 1, 28013 Madrid');
        await page.getByRole('button', { name: tr('claims.register') }).click();
      }
      await expect(page.locator('#registration-title + p')).toContainText('Contoso Consulting S.L.');
      // Money moves only within 15 minutes of a second-factor code: the global admin sets up
      // an authenticator app from another browser, so this session, signed in before it,
      // is asked for a code when it saves the bank account.
      const phoneContext = await browser.newContext({ locale: run.locale });
      const phone = await phoneContext.newPage();
      await signIn(phone, 'global.admin@contoso.example');
      const factor = await setUpAuthenticator(phone, lang);
      await phoneContext.close();
      await page.getByLabel(tr('claims.account_holder')).fill('Contoso Consulting S.L.');
      await page.getByLabel(tr('claims.account_number')).fill('12');
      await page.getByLabel(tr('claims.bank_code_long')).fill('CAIXESBBXXX');
      await page.getByRole('button', { name: tr('claims.save_bank_account') }).click();
      const stepUp = page.getByRole('alert').filter({ hasText: tr('common.errors.step_up') });
      await expect(stepUp).toBeVisible();
      await stepUp.locator('#step-up-code').fill('000000');
      await stepUp.getByRole('button', { name: tr('auth.confirm_code') }).click();
      await expect(stepUp.locator('#step-up-code-error')).toHaveText(tr('messages.factor.wrong_code'));
      await page.screenshot(shot(run.shots, '11-step-up'));
      await stepUp.locator('#step-up-code').fill(factor.codes[0]);
      await stepUp.getByRole('button', { name: tr('auth.confirm_code') }).click();
      await expect(page.getByRole('status').filter({ hasText: tr('account.step_up_done') })).toBeVisible();
      // The form kept what was typed: submitting again now meets the form's own rules.
      await expect(page.getByLabel(tr('claims.bank_code_long'))).toHaveValue('CAIXESBBXXX');
      await page.getByRole('button', { name: tr('claims.save_bank_account') }).click();
      await expect(page.locator('#field-account_number-message')).toHaveText(tr('messages.claim.account_number'));
      await page.getByLabel(tr('claims.account_number')).fill('ES91 2100 0418 4502 0005 1332');
      await page.getByRole('button', { name: tr('claims.save_bank_account') }).click();
      await expect(page.getByRole('cell', { name: '•••• 1332' })).toBeVisible();
      await page.locator(`tr[data-code="${voucher.code}"]`).getByRole('checkbox').check();
      await page.getByRole('button', { name: tr('claims.claim_selected', { count: 1 }) }).click();
      const submitted = page.getByRole('status');
      await expect(submitted.locator('strong')).toBeVisible();
      const reference = (await submitted.locator('strong').innerText()).trim();
      expect(reference).toMatch(/^SAVB-\d{4}-[0-9A-Z]{8}$/);
      await expect(submitted).toHaveText(tr('claims.submitted_ok', { reference }));
      await expect(page.locator(`tr[data-reference="${reference}"]`)).toContainText(money);
      await expect(page.locator(`table.claimable tr[data-code="${voucher.code}"]`)).toHaveCount(0);
      await page.screenshot(shot(run.shots, '12-claim'));
      await signOut(page, lang);

      // The operator returns it for changes; the partner answers and resubmits.
      const review = async () => {
        await signIn(page, 'operator@program.example');
        await (await mainNav(page, lang)).getByRole('link', { name: tr('common.sections.review') }).click();
        await hydrated(page);
        return page.locator(`tr[data-reference="${reference}"]`);
      };
      let claimRow = await review();
      await claimRow.getByText(tr('claims.return_for_changes')).click();
      await claimRow.getByLabel(tr('claims.comment')).fill('Please confirm the delivered days with the customer.');
      await claimRow.getByRole('button', { name: tr('claims.give_back'), exact: true }).click();
      await expect(claimRow).toContainText(tr('claims.statuses.returned'));
      await expect(claimRow).toContainText('Please confirm the delivered days');
      await page.screenshot(shot(run.shots, '13-returned'));
      await signOut(page, lang);

      // Signing in now takes the second step too (a recovery code stands in for the app).
      await signInWithCode(page, 'global.admin@contoso.example', factor.codes[1]);
      await (await mainNav(page, lang)).getByRole('link', { name: tr('common.sections.claims') }).click();
      await hydrated(page);
      const ownRow = page.locator(`tr[data-reference="${reference}"]`);
      await expect(ownRow).toContainText('Please confirm the delivered days');
      const keep = ownRow.getByRole('checkbox', { name: new RegExp(voucher.code) });
      await keep.uncheck();
      await expect(ownRow.getByRole('button', { name: tr('claims.resubmit') })).toBeDisabled();
      await keep.check();
      await ownRow.getByLabel(tr('claims.reply')).fill('Confirmed with Fabrikam: 3 days.');
      await page.screenshot(shot(run.shots, '14-resubmit'));
      await ownRow.getByRole('button', { name: tr('claims.resubmit') }).click();
      await expect(ownRow).toContainText(tr('claims.statuses.submitted'));
      await expect(ownRow).toContainText('Confirmed with Fabrikam: 3 days.');
      // The demo login goes back to a password alone for the flows after this one.
      await api(page, 'turn_off_authenticator');
      await signOut(page, lang);

      // The operator approves and pays.
      claimRow = await review();
      await expect(claimRow).toContainText('Confirmed with Fabrikam: 3 days.');
      await claimRow.getByRole('button', { name: tr('claims.approve') }).click();
      await claimRow.getByRole('button', { name: tr('claims.approve_confirm') }).click();
      await expect(claimRow).toContainText(tr('claims.statuses.approved'));
      await expect(claimRow).toContainText(tr('claims.due_on', { date: '' }).trim());
      await page.screenshot(shot(run.shots, '15-approved'));
      await claimRow.getByLabel(tr('claims.payment_reference')).fill('TRF-2026-0042');
      await claimRow.getByRole('button', { name: tr('claims.mark_paid') }).click();
      await claimRow.getByRole('button', { name: tr('claims.pay_confirm') }).click();
      await expect(claimRow).toContainText(tr('claims.statuses.paid'));
      await expect(claimRow).toContainText('TRF-2026-0042');
      await page.getByRole('button', { name: tr('claims.export_all') }).click();
      await expect(page.locator('#download-csv')).toContainText(tr('common.download_csv', { file: 'claims.csv', rows: '' }).replace(/\)$/, ''));
      await page.screenshot(shot(run.shots, '16-paid'));
      // Neither recipient chose a language in the portal: their emails are in English.
      const decision = await waitForMail('global.admin@contoso.example', new RegExp(`Payment claim ${reference} paid`));
      expect(decision.text).toContain('TRF-2026-0042');
      const mail = await waitForMail('project.manager@fabrikam.example', new RegExp(`Contoso Consulting reserved voucher ${voucher.code}`));
      expect(mail.text).toContain(voucher.code);
      await signOut(page, lang);

      // The customer sees who reserved it and when the engagement runs.
      await signIn(page, 'project.manager@fabrikam.example');
      await page.goto(`/vouchers/${voucher.id}`);
      await expect(page.getByRole('heading', { name: tr('vouchers.engagement') })).toBeVisible();
      await expect(page.locator('dl.facts').nth(1)).toContainText('Contoso Consulting');
      const timeline = page.locator('.timeline');
      for (const step of ['reserved', 'delivered', 'redeemed', 'paid']) {
        await expect(timeline).toContainText(tr(`common.timeline.${step}`));
      }
      await page.screenshot(shot(run.shots, '17-customer-follows-payment'));
      // The report, read from the voucher, leads back to the voucher.
      await page.getByRole('link', { name: tr('vouchers.report_link') }).click();
      await expect(page).toHaveURL(/\/engagements\/.+\/report$/);
      await page.getByRole('link', { name: tr('reports.back_to_voucher') }).click();
      await expect(page).toHaveURL(new RegExp(`/vouchers/${voucher.id}$`));
    });
  });
}
