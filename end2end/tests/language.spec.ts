import { expect, Page, test } from '@playwright/test';
import { confirmSignUp, hydrated, shot, signIn } from './support';

const password = 'a good long passphrase';

/** Signs a new customer up in English; returns the first person's login. */
async function signUpLucia(page: Page) {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const email = `lucia.${stamp}@tailspin.example`;
  await page.goto('/sign-up');
  await hydrated(page);
  await page.getByLabel('customer').check();
  await page.getByLabel('Organisation name').fill(`Tailspin ${stamp}`);
  await page.getByLabel('Your name').fill('Lucía Tailspin');
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create organisation' }).click();
  await confirmSignUp(page, email);
  await hydrated(page);
  return { email, password };
}

test.describe('language', () => {
  test('a browser in Spanish gets the portal in Spanish', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'es-ES' });
    const page = await context.newPage();
    await page.goto('/');
    await hydrated(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { name: 'Cómo funciona el programa' })).toBeVisible();
    await page.screenshot(shot('language', 'home-es'));
    await context.close();
  });

  test('a person switches to Spanish, and their account remembers it on another browser', async ({ page, browser }) => {
    const { email, password } = await signUpLucia(page);

    await expect(page).toHaveTitle('Dashboard · Planning Services');
    await page.getByRole('button', { name: 'Español' }).click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Le damos la bienvenida, Lucía Tailspin');
    await expect(page.getByRole('navigation', { name: 'Principal' }).getByRole('link', { name: 'Vales' })).toBeVisible();
    // The page's title follows the switch too (it keeps the language in a signal of its own).
    await expect(page).toHaveTitle('Panel · Planning Services');
    await page.screenshot(shot('language', 'dashboard-es'));
    await page.reload();
    await hydrated(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Le damos la bienvenida, Lucía Tailspin');
    await expect(page).toHaveTitle('Panel · Planning Services');

    const english = await browser.newContext({ locale: 'en-GB' });
    const elsewhere = await english.newPage();
    await signIn(elsewhere, email, password);
    await expect(elsewhere.locator('html')).toHaveAttribute('lang', 'es');
    await expect(elsewhere.getByRole('heading', { level: 1 })).toHaveText('Le damos la bienvenida, Lucía Tailspin');
    await elsewhere.getByRole('button', { name: 'English' }).click();
    await expect(elsewhere.getByRole('heading', { level: 1 })).toHaveText('Welcome, Lucía Tailspin');
    // A page drawn in parts (its forms apart from its facts) is worded again whole.
    await elsewhere.goto('/people');
    await hydrated(elsewhere);
    await expect(elsewhere.getByRole('button', { name: 'Send invitation' })).toBeVisible();
    await elsewhere.getByRole('button', { name: 'Español' }).click();
    await expect(elsewhere.getByRole('button', { name: 'Enviar la invitación' })).toBeVisible();
    await expect(elsewhere.getByRole('columnheader', { name: 'Nombre' }).first()).toBeAttached();
    await english.close();
  });

  test('a browser signed in before the person chose Spanish elsewhere follows, from the first byte of its next page', async ({ page, browser }) => {
    const { email } = await signUpLucia(page);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Welcome, Lucía Tailspin');

    const other = await browser.newContext({ locale: 'en-GB' });
    const elsewhere = await other.newPage();
    await signIn(elsewhere, email, password);
    await elsewhere.getByRole('button', { name: 'Español' }).click();
    await expect(elsewhere.locator('html')).toHaveAttribute('lang', 'es');
    await other.close();

    // The first browser's cookie still says English: its next page is rendered in English,
    // then the client follows the account's choice and remembers it in this browser.
    await page.goto('/vouchers');
    await hydrated(page);
    await expect(page.locator('html')).toHaveAttribute('lang', 'es');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Vales');
    const next = await page.context().request.get('/dashboard');
    expect(await next.text()).toContain('<html lang="es"');
  });
});

