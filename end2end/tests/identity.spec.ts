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

// Passkeys are scoped to a domain name, never an IP address: these flows reach the portal
// by `localhost`.
const BY_NAME = (process.env.PORTAL_URL ?? 'http://127.0.0.1:3000').replace('//127.0.0.1', '//localhost');

test.describe('passkeys', () => {
  test.use({ baseURL: BY_NAME });

  test('a passkey is added, then signs in alone and as the second step', async ({ page }) => {
    test.setTimeout(120_000);
    // Chromium's virtual authenticator: a platform passkey, unlocked with verification.
    const devtools = await page.context().newCDPSession(page);
    await devtools.send('WebAuthn.enable', { enableUI: false });
    const { authenticatorId } = await devtools.send('WebAuthn.addVirtualAuthenticator', {
      options: {
        protocol: 'ctap2',
        ctap2Version: 'ctap2_1',
        transport: 'internal',
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    const { email, password } = await newPartner(page);

    await page.goto('/account');
    await hydrated(page);
    await expect(page.getByRole('heading', { name: t('en', 'account.passkeys_title') })).toBeVisible();
    const adding = page.locator('form.passkey-add');
    await adding.getByLabel(t('en', 'account.passkey_name')).fill('Test laptop');
    // A passkey signs in alone: adding one asks for the password, and a wrong one is refused.
    await adding.getByLabel(t('en', 'account.passkey_password')).fill('not the password');
    await adding.getByRole('button', { name: t('en', 'account.passkey_add') }).click();
    await expect(adding.getByText(t('en', 'messages.account.wrong_current_password'))).toBeVisible();
    await adding.getByLabel(t('en', 'account.passkey_password')).fill(password);
    await adding.getByRole('button', { name: t('en', 'account.passkey_add') }).click();
    // The first second factor comes with recovery codes, shown once.
    const codes = page.locator('.recovery-codes .codes li');
    await expect(codes).toHaveCount(10);
    await page.getByRole('button', { name: t('en', 'account.codes_saved') }).click();
    await expect(page.locator('ul.passkeys li')).toContainText('Test laptop');
    await expect(page.getByRole('status').filter({ hasText: 'one of your passkeys' })).toBeVisible();
    await page.screenshot(shot('identity', 'passkey-added'));
    const { credentials } = await devtools.send('WebAuthn.getCredentials', { authenticatorId });
    expect(credentials).toHaveLength(1);
    expect(credentials[0].isResidentCredential, 'a passkey that can sign in on its own').toBe(true);
    await waitForMail(email, /second sign-in step changed/);
    await signOut(page);

    // The passkey alone signs in: no email, no password.
    await page.goto('/sign-in');
    await hydrated(page);
    await page.screenshot(shot('identity', 'passkey-sign-in'));
    await page.getByRole('button', { name: t('en', 'auth.passkey_sign_in') }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    await signOut(page);

    // After the password, the passkey is the second step.
    await passwordStep(page, email, password);
    await page.getByRole('button', { name: t('en', 'auth.use_passkey') }).click();
    await expect(page).toHaveURL(/\/dashboard$/);
    const used = await devtools.send('WebAuthn.getCredentials', { authenticatorId });
    expect(used.credentials[0].signCount, 'each use signed by the authenticator').toBeGreaterThanOrEqual(2);

    // Without its passkey the device cannot sign in with one, and says so plainly.
    await devtools.send('WebAuthn.clearCredentials', { authenticatorId });
    await signOut(page);
    await page.goto('/sign-in');
    await hydrated(page);
    await page.getByRole('button', { name: t('en', 'auth.passkey_sign_in') }).click();
    await expect(page.getByRole('alert')).toContainText(t('en', 'messages.factor.passkey_cancelled'));
    await expect(page).toHaveURL(/\/sign-in$/);
  });
});
