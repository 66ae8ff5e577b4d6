import { expect, test } from '@playwright/test';
import { confirmSignUp, DEMO_USERS, hydrated, shot, signIn, signOut, waitForMail } from './support';

test.describe('foundation', () => {
  test('the client hydrates: showing the password is a client-side toggle', async ({ page }) => {
    await page.goto('/sign-in');
    await hydrated(page);
    const password = page.getByLabel('Password', { exact: true });
    await expect(password).toHaveAttribute('type', 'password');
    await page.getByRole('button', { name: 'Show password' }).click();
    await expect(password).toHaveAttribute('type', 'text');
    await expect(page.getByRole('button', { name: 'Hide password' })).toHaveAttribute('aria-pressed', 'true');
    await page.screenshot(shot('foundation', 'sign-in'));
  });

  test('a wrong password gets a clear message and no session', async ({ page }) => {
    await page.goto('/sign-in');
    await hydrated(page);
    await page.getByLabel('Email').fill('global.admin@contoso.example');
    await page.getByLabel('Password', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await expect(page.getByRole('alert')).toContainText('The email or password is not correct.');
    await expect(page).toHaveURL(/\/sign-in$/);
  });

  for (const user of DEMO_USERS) {
    test(`${user.role} signs in and sees their dashboard`, async ({ page }) => {
      await signIn(page, user.email);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Welcome, ${user.name}`);
      await expect(page.locator('.dashboard .lead .badge')).toHaveText(user.label);
      await expect(page.locator('.dashboard')).toContainText(user.org);
      await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
      // What to do next, for this side of the program.
      const next = page.locator('.next-steps');
      await expect(next.getByRole('heading', { name: 'What to do next' })).toBeVisible();
      if (user.role === 'operator') {
        await expect(next.getByRole('heading', { name: 'Claims waiting for your decision' })).toBeVisible();
        await expect(next.getByRole('heading', { name: 'Payments overdue' })).toBeVisible();
        await expect(next.getByRole('heading', { name: 'Claims by country' })).toBeVisible();
      } else if (user.role === 'benefit_admin' || user.role === 'project_manager') {
        await expect(next.getByRole('heading', { name: 'Your vouchers' })).toBeVisible();
        await expect(next.getByRole('heading', { name: 'Ending within 30 days' })).toBeVisible();
        await expect(next.getByRole('img', { name: 'Planning days put into vouchers, by month' })).toBeVisible();
        await expect(next.locator('.chart-bar')).toHaveCount(6);
      } else {
        await expect(next.getByText(/Nothing is due|Deadlines/).first()).toBeVisible();
      }
      // Partner admins see where their enrollments stand and when renewal opens.
      const enrollment = page.getByRole('region', { name: 'Your enrollment' });
      if (user.role === 'global_admin' || user.role === 'mpn_admin') {
        await expect(enrollment.getByText(/not enrolled in any offering|renewal opens|renewal open|expired on/).first()).toBeVisible();
        await expect(enrollment.getByRole('link', { name: 'Go to enrollment' })).toBeVisible();
      } else {
        await expect(enrollment).toHaveCount(0);
      }
      await page.screenshot(shot('foundation', `dashboard-${user.role}`));
      await signOut(page);
    });
  }

  test('a new customer signs up, confirms its address from the email and lands on its dashboard as benefit admin', async ({ page }) => {
    const stamp = Date.now();
    await page.goto('/sign-up');
    await hydrated(page);
    await page.getByLabel('customer').check();
    await page.getByLabel('Organisation name').fill(`Northwind ${stamp}`);
    await page.getByLabel('Your name').fill('Nadia Northwind');
    await page.getByLabel('Work email').fill(`nadia.${stamp}@northwind.example`);
    await page.getByLabel('Password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await expect(page.locator('#field-password-message')).toHaveText('Use at least 12 characters.');
    await page.screenshot(shot('foundation', 'sign-up-field-error'));
    await page.getByLabel('Password', { exact: true }).fill('a good long passphrase');
    await page.getByRole('button', { name: 'Create organisation' }).click();
    await confirmSignUp(page, `nadia.${stamp}@northwind.example`, true);
    await expect(page.locator('.dashboard .lead .badge')).toHaveText('Benefit admin');
    await page.screenshot(shot('identity', 'sign-up-dashboard'));
  });

  test('an admin invites a colleague who joins with the chosen role', async ({ page, browser }) => {
    const stamp = Date.now();
    await signIn(page, 'global.admin@contoso.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'People' }).click();
    await expect(page).toHaveURL(/\/people$/);
    await hydrated(page);
    await page.getByLabel('Name').fill('Iris Invitee');
    await page.getByLabel('Email').fill(`iris.${stamp}@contoso.example`);
    await page.locator('#field-role').selectOption('consultant');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect(page.locator('.alert-success')).toContainText(`iris.${stamp}@contoso.example`);
    await page.screenshot(shot('foundation', 'people'));
    // The link goes only to the invited address.
    const mail = await waitForMail(`iris.${stamp}@contoso.example`, /invites you/);
    const link = mail.text.match(/https?:\/\/\S+\/invitation\/\S+/)?.[0];
    expect(link, mail.text).toBeTruthy();

    const invitee = await browser.newPage();
    await invitee.goto(new URL(link!).pathname);
    await hydrated(invitee);
    await expect(invitee.locator('section')).toContainText('Contoso Consulting');
    await invitee.getByLabel('Choose a password').fill('iris has a passphrase');
    await invitee.getByRole('button', { name: 'Join and sign in' }).click();
    await expect(invitee).toHaveURL(/\/dashboard$/);
    await expect(invitee.locator('.dashboard .lead .badge')).toHaveText('Consultant');
    await invitee.close();

    // The sent form started blank again. A role changed in the table then leaves an
    // invitation being typed as it is, while the list is read again.
    await expect(page.getByLabel('Name')).toHaveValue('');
    await page.reload();
    await hydrated(page);
    await page.getByLabel('Name').fill('Half Typed');
    const iris = page.locator('section[aria-labelledby="members-title"] tr', { hasText: `iris.${stamp}@contoso.example` });
    const readAgain = page.waitForResponse((response) => response.url().includes('/api/list_people'));
    await iris.getByRole('combobox').selectOption('incentives_admin');
    await iris.getByRole('button', { name: 'Change', exact: true }).click();
    await readAgain;
    await expect(iris.getByRole('combobox')).toHaveValue('incentives_admin');
    await expect(page.getByLabel('Name')).toHaveValue('Half Typed');
    await expect(page.locator('section[aria-labelledby="invitations-title"]')).toContainText('Accepted');
  });

  test('the operator reads the audit log of every change', async ({ page }) => {
    await signIn(page, 'operator@program.example');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await expect(page).toHaveURL(/\/audit$/);
    await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
    await expect(page.locator('table.audit tbody tr').first()).toBeVisible();
    await expect(page.locator('table.audit')).toContainText('Invitation · created');
    // Records by their names and changes as facts, not ids and JSON.
    await expect(page.locator('table.audit')).not.toContainText('{"');
    await page.screenshot(shot('foundation', 'audit-log'));
  });

  test('an unknown address shows a friendly 404', async ({ page }) => {
    const response = await page.goto('/no-such-page');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await page.screenshot(shot('foundation', 'not-found'));
  });
});
