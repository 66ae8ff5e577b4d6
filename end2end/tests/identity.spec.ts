import { expect, type Page, test } from '@playwright/test';
import { confirmSignUp, hydrated, nextCodeStep, setUpAuthenticator, shot, signIn, signOut, totp, waitForMail } from './support';
import { t } from './i18n';

/** Signs a new partner up and confirms the address; returns its login. */
async function newPartner(page: Page) {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const email = `ida.${stamp}@identity.example`;
  const password = 'ida has a passphrase';
  await page.goto('/sign-up');
  await hydrated(page);
  await page.getByLabel('partner').check();
  await page.getByLabel('Organisation name').fill(`Identity ${stamp}`);
  await page.getByLabel('Your name').fill('Ida Identity');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create organisation' }).click();
  await confirmSignUp(page, email);
  return { email, password };
}

/** The password step of signing in, for someone who then gets the second step. */
async function passwordStep(page: Page, email: string, password: string) {
  await page.goto('/sign-in');
  await hydrated(page);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('main form button[type="submit"]').click();
  await expect(page.getByText(t('en', 'auth.second_step_intro'))).toBeVisible();
}

test.describe('identity', () => {
  test('an authenticator app guards the sign-in, and each recovery code works once', async ({ page }) => {
    test.setTimeout(120_000);
    const { email, password } = await newPartner(page);
    const { secret, codes } = await setUpAuthenticator(page, 'en', 'identity');
    await expect(page.getByRole('status').filter({ hasText: '10 recovery codes left' })).toBeVisible();
    await waitForMail(email, /second sign-in step changed/);
    await signOut(page);

    // The password alone no longer signs in: the second step asks for a code.
    await passwordStep(page, email, password);
    await page.screenshot(shot('identity', 'second-step'));
    await page.locator('input[name="code"]').fill(codes[0]);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await signOut(page);

    // That recovery code is used up; a code from the app (a new 30-second step) works.
    await passwordStep(page, email, password);
    await page.locator('input[name="code"]').fill(codes[0]);
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(page.locator('#field-code-message')).toHaveText(t('en', 'messages.factor.wrong_code'));
    await nextCodeStep(page);
    await page.locator('input[name="code"]').fill(totp(secret));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await page.goto('/account');
    await hydrated(page);
    await expect(page.getByRole('status').filter({ hasText: '9 recovery codes left' })).toBeVisible();
  });

  test('a forgotten password is replaced through the emailed link', async ({ page }) => {
    const { email } = await newPartner(page);
    await signOut(page);
    await page.goto('/sign-in');
    await hydrated(page);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await hydrated(page);
    await page.getByLabel('Email').fill(email);
    await page.screenshot(shot('identity', 'forgot-password'));
    await page.getByRole('button', { name: 'Send me a link' }).click();
    await expect(page.getByRole('status')).toContainText(email);
    await page.screenshot(shot('identity', 'forgot-password-sent'));

    const mail = await waitForMail(email, /Choose a new password/);
    const link = mail.text.match(/https?:\/\/\S+\/reset-password\/\S+/)?.[0];
    expect(link, mail.text).toBeTruthy();
    await page.goto(new URL(link!).pathname);
    await hydrated(page);
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await expect(page.locator('#field-password-message')).toHaveText('Use at least 12 characters.');
    await page.getByLabel('New password', { exact: true }).fill('ida chose anew 2026');
    await page.screenshot(shot('identity', 'reset-password'));
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await waitForMail(email, /password was changed/);

    // The link worked once; the new password works from now on.
    await signOut(page);
    await page.goto(new URL(link!).pathname);
    await hydrated(page);
    await page.getByLabel('New password', { exact: true }).fill('someone else 2026');
    await page.getByRole('button', { name: 'Save password and sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('no longer valid');
    await signIn(page, email, 'ida chose anew 2026');
  });

  test('the account page renames, changes the password and signs other browsers out', async ({ page, browser }) => {
    const { email, password } = await newPartner(page);
    const elsewhere = await browser.newPage();
    await signIn(elsewhere, email, password);

    await page.getByRole('link', { name: 'Ida Identity' }).click();
    await expect(page).toHaveURL(/\/account$/);
    await hydrated(page);
    const sessions = page.locator('section[aria-labelledby="sessions-title"] tbody tr');
    await expect(sessions).toHaveCount(2);
    await expect(sessions.filter({ hasText: 'This browser' })).toHaveCount(1);
    await page.screenshot(shot('identity', 'account'));

    await page.getByLabel('Name', { exact: true }).fill('Ida I. Identity');
    await page.getByRole('button', { name: 'Save name' }).click();
    await expect(page.getByText('Your name is saved.')).toBeVisible();

    await page.getByLabel('Current password').fill('not my password at all');
    await page.getByLabel('New password', { exact: true }).fill('ida changed it 2026');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.locator('#field-current_password-message')).toHaveText('This is not your current password.');
    await page.getByLabel('Current password').fill(password);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText('Your password is changed')).toBeVisible();
    await expect(sessions).toHaveCount(1);

    // The other browser was signed out by the change.
    await elsewhere.goto('/dashboard');
    await expect(elsewhere).toHaveURL(/\/sign-in$/);
    await elsewhere.close();
  });
});
