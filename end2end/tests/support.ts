import { createHmac } from 'node:crypto';
import { expect, type Locator, type Page } from '@playwright/test';
import { caughtMail, type CaughtMail } from '../smtp-sink';
import { t, type Lang } from './i18n';

export const DEMO_PASSWORD = 'planning-demo-2026';

export const DEMO_USERS = [
  { role: 'operator', label: 'Program operator', email: 'operator@program.example', name: 'Olivia Operator', org: 'Planning Services Program' },
  { role: 'global_admin', label: 'Global admin', email: 'global.admin@contoso.example', name: 'Gabriel Global', org: 'Contoso Consulting' },
  { role: 'mpn_admin', label: 'MPN admin', email: 'mpn.admin@contoso.example', name: 'Marta MPN', org: 'Contoso Consulting' },
  { role: 'consultant', label: 'Consultant', email: 'consultant@contoso.example', name: 'Carlos Consultant', org: 'Contoso Consulting' },
  { role: 'incentives_admin', label: 'Incentives admin', email: 'incentives.admin@contoso.example', name: 'Ines Incentives', org: 'Contoso Consulting' },
  { role: 'benefit_admin', label: 'Benefit admin', email: 'benefit.admin@fabrikam.example', name: 'Beatriz Benefit', org: 'Fabrikam Industries' },
  { role: 'project_manager', label: 'Project manager', email: 'project.manager@fabrikam.example', name: 'Pablo Project', org: 'Fabrikam Industries' },
] as const;

/** Waits until the WASM client has taken over the server-rendered page; if it never
 * does, the failure says what the browser reported (a hydration panic, a failed load). */
export async function hydrated(page: Page) {
  try {
    await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1, { timeout: 30_000 });
  } catch (error) {
    const anyPage = page as unknown as { pageErrors?: () => Promise<Error[]>; consoleMessages?: () => Promise<{ type(): string; text(): string }[]> };
    const pageErrors = anyPage.pageErrors ? (await anyPage.pageErrors()).map((e) => e.message) : [];
    const consoleErrors = anyPage.consoleMessages
      ? (await anyPage.consoleMessages()).filter((m) => m.type() === 'error').map((m) => m.text())
      : [];
    throw new Error(`page did not hydrate at ${page.url()}\npage errors: ${pageErrors.join('\n')}\nconsole errors: ${consoleErrors.join('\n')}\n${error}`);
  }  // The page's Content-Security-Policy must not have blocked anything the portal sends.
  const messages = (page as unknown as { consoleMessages?: () => Promise<{ text(): string }[]> }).consoleMessages;
  if (messages) {
    const violations = (await messages.call(page)).map((m) => m.text()).filter((text) => text.includes('Content Security Policy'));
    expect(violations, `CSP violations at ${page.url()}`).toEqual([]);
  }
}

/** Signs in through the form, whatever language the page is in. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await hydrated(page);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('main form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** Signs in someone with an authenticator: the password, then `code` at the second step. */
export async function signInWithCode(page: Page, email: string, code: string, password = DEMO_PASSWORD) {
  await page.goto('/sign-in');
  await hydrated(page);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('main form button[type="submit"]').click();
  await page.locator('input[name="code"]').fill(code);
  await page.locator('main form button[type="submit"]').click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** The six-digit code an authenticator app shows for a base32 secret (RFC 6238: SHA-1,
 * 30-second steps), computed here as the phone would. */
export function totp(secret: string, at = Date.now()): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...secret.replace(/[\s=]/g, '').toUpperCase()]
    .map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0'))
    .join('');
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 30_000)));
  const mac = createHmac('sha1', key).update(counter).digest();
  const offset = mac[mac.length - 1] & 15;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

/** Waits for the authenticator's next 30-second step: the server accepts each code once. */
export async function nextCodeStep(page: Page) {
  await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
}

/** Sets up an authenticator app on the account page of the signed-in `page`; returns its
 * secret and the recovery codes shown once. */
export async function setUpAuthenticator(page: Page, lang: Lang = 'en', screenshots?: string) {
  await page.goto('/account');
  await hydrated(page);
  await page.getByRole('button', { name: t(lang, 'account.factor_set_up') }).click();
  await expect(page.locator('.qr svg')).toBeVisible();
  const secret = (await page.locator('code.secret').innerText()).trim();
  if (screenshots) await page.screenshot(shot(screenshots, 'authenticator-set-up'));
  await page.locator('input[name="code"]').fill('000000');
  await page.getByRole('button', { name: t(lang, 'account.factor_turn_on') }).click();
  await expect(page.locator('#field-confirm-code-message')).toHaveText(t(lang, 'messages.factor.wrong_code'));
  await page.locator('input[name="code"]').fill(totp(secret));
  await page.getByRole('button', { name: t(lang, 'account.factor_turn_on') }).click();
  const codes = page.locator('.recovery-codes .codes li');
  await expect(codes).toHaveCount(10);
  if (screenshots) await page.screenshot(shot(screenshots, 'recovery-codes'));
  const saved = (await codes.allInnerTexts()).map((code) => code.trim());
  await page.getByRole('button', { name: t(lang, 'account.codes_saved') }).click();
  await expect(codes).toHaveCount(0);
  return { secret, codes: saved };
}

/** Opens the header's menu where it is folded (a phone); on a wide screen its parts are always shown. */
export async function openMenu(page: Page, lang: Lang = 'en') {
  const button = page.getByRole('button', { name: t(lang, 'common.menu'), exact: true });
  if (!(await button.isVisible())) return;
  // Pressed before the page is hydrated, the button does nothing yet: press until it opens.
  await expect(async () => {
    if ((await button.getAttribute('aria-expanded')) !== 'true') await button.click();
    await expect(button).toHaveAttribute('aria-expanded', 'true', { timeout: 1000 });
  }).toPass();
}

/** The main navigation, opened first where it is folded. */
export async function mainNav(page: Page, lang: Lang = 'en') {
  await openMenu(page, lang);
  return page.getByRole('navigation', { name: t(lang, 'common.main_navigation') });
}

export async function signOut(page: Page, lang: Lang = 'en') {
  await openMenu(page, lang);
  await page.getByRole('button', { name: t(lang, 'common.sign_out') }).click();
  await expect(page.locator('a[href="/sign-in"]').first()).toBeAttached();
  await expect(page.getByRole('button', { name: t(lang, 'common.sign_out') })).toHaveCount(0);
}

export function shot(flow: string, name: string) {
  return { path: `screenshots/${flow}/${name}.png`, fullPage: true };
}

/** Waits for the SMTP sink to catch an email to `to` whose subject matches. */
export async function waitForMail(to: string, subject: RegExp): Promise<CaughtMail> {
  let found: CaughtMail | undefined;
  await expect
    .poll(
      () => {
        found = caughtMail().find((mail) => mail.to.includes(to.toLowerCase()) && subject.test(mail.subject));
        return found !== undefined;
      },
      { timeout: 30_000, message: `an email to ${to} with subject ${subject}` },
    )
    .toBe(true);
  return found!;
}

/**
 * After the sign-up form is sent: the page says to check the inbox, the emailed link is
 * followed and confirmed, and the new admin lands on the dashboard.
 */
export async function confirmSignUp(page: Page, email: string, screenshots = false) {
  await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeVisible();
  await expect(page.getByRole('status')).toContainText(email.toLowerCase());
  if (screenshots) await page.screenshot(shot('identity', 'sign-up-check-inbox'));
  const mail = await waitForMail(email, /Confirm your email address/);
  const link = mail.text.match(/https?:\/\/\S+\/verify-email\/\S+/)?.[0];
  expect(link, mail.text).toBeTruthy();
  await page.goto(new URL(link!).pathname);
  await hydrated(page);
  if (screenshots) await page.screenshot(shot('identity', 'sign-up-confirm'));
  await page.getByRole('button', { name: 'Confirm and sign in' }).click();
  await expect(page).toHaveURL(/\/dashboard$/);
}

/** Registers an agreement of 2,500 licences (10 planning days) and activates the benefit on
 * it, as the signed-in benefit admin. */
export async function activeAgreement(page: Page, licensingId: string) {
  await page.goto('/agreements');
  await hydrated(page);
  await page.getByLabel('Licensing ID').fill(licensingId);
  await page.getByLabel('Qualifying SA licences').fill('2500');
  await page.getByLabel('Agreement ends on').fill('2030-06-30');
  await page.getByRole('button', { name: 'Register agreement' }).press('Enter');
  const row = page.locator(`tr[data-agreement="${licensingId}"]`);
  await row.getByRole('button', { name: 'Activate' }).press('Enter');
  await expect(row.locator('.badge')).toContainText('Active since');
}

/** Presses `key` until one of `targets` has the keyboard focus; fails after `max` presses. */
export async function pressUntilFocused(page: Page, key: string, targets: Locator, max = 120) {
  for (let press = 0; press <= max; press++) {
    if (await targets.evaluateAll((elements) => elements.includes(document.activeElement as Element))) return;
    await page.keyboard.press(key);
  }
  throw new Error(`${max} × ${key} never reached ${targets}`);
}

/** Chooses `radio` the way a keyboard user does: Tab into its group, arrows along it, Space. */
export async function chooseByKeyboard(page: Page, radio: Locator) {
  await pressUntilFocused(page, 'Tab', page.getByRole('radio'));
  await pressUntilFocused(page, 'ArrowDown', radio);
  if (!(await radio.isChecked())) await page.keyboard.press('Space');
  await expect(radio).toBeChecked();
  await expect(radio, 'the focused choice shows its focus').toHaveCSS('outline-style', 'solid');
}

/** Calls a server function with the page's session, as a form would; its answer. */
export async function api(page: Page, endpoint: string, form: Record<string, string> = {}) {
  const response = await page.request.post(`/api/${endpoint}`, { form });
  expect(response.status(), `${endpoint}: ${await response.text()}`).toBe(200);
  return response.json();
}

/** As the signed-in benefit admin, through the server functions: a new agreement of 2,500
 * licences with the benefit active, and a 3-day voucher of `offering` (a code such as
 * "DDPS") for the project manager. Returns the voucher (id, code) and the offering's id. */
export async function customerVoucher(page: Page, licensingId: string, offering: string) {
  await api(page, 'register_agreement', { licensing_id: licensingId, qualifying_licenses: '2500', ends_on: '2030-06-30' });
  const agreements = await api(page, 'list_agreements');
  const agreement = agreements.find((a: { licensing_id: string }) => a.licensing_id === licensingId);
  await api(page, 'activate_benefit', { agreement_id: agreement.id });
  const options = await api(page, 'voucher_wizard_options');
  const offeringId = options.offerings.find((o: { offering: { code: string } }) => o.offering.code === offering).offering.id;
  const created = await api(page, 'create_voucher', {
    agreement_id: agreement.id, offering_id: offeringId, days: '3', division: licensingId,
    project_manager: 'project.manager@fabrikam.example', new_name: '', new_email: '',
  });
  return { ...created, offeringId };
}
