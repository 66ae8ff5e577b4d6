import { expect, test } from '@playwright/test';
import { activeAgreement, chooseByKeyboard, hydrated, pressUntilFocused, shot, signIn } from './support';

// The wizards with the keyboard alone: every choice reachable with Tab, the arrows and
// Space, every button with Enter, focus visible, and focus taken to each new step's
// title (the buttons are drawn again on each step, which would otherwise drop focus).
test.describe('keyboard only', () => {
  test('a benefit admin creates a voucher in the wizard without a mouse', async ({ page }) => {
    const licensingId = `VK${Date.now() % 100000000}`;
    await signIn(page, 'benefit.admin@fabrikam.example');
    await activeAgreement(page, licensingId);

    await page.goto('/vouchers/new');
    await hydrated(page);
    const next = page.getByRole('button', { name: 'Next →' });

    // Next without a choice: the step says what is missing and focus stays on the button.
    await pressUntilFocused(page, 'Tab', next);
    await expect(next, 'the focused button shows its focus').toHaveCSS('outline-style', 'solid');
    await page.keyboard.press('Enter');
    await expect(page.locator('#step-error')).toHaveText('Choose an agreement.');
    await expect(next).toBeFocused();

    await page.keyboard.press('Shift+Tab');
    await chooseByKeyboard(page, page.getByLabel(licensingId));
    await pressUntilFocused(page, 'Tab', next);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Step 2 of 6: Offering' })).toBeFocused();

    await chooseByKeyboard(page, page.getByLabel('DDPS Desktop Deployment Planning'));
    await pressUntilFocused(page, 'Tab', next);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Step 3 of 6: Planning days' })).toBeFocused();

    await chooseByKeyboard(page, page.getByLabel('10 days'));
    await pressUntilFocused(page, 'Tab', next);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Step 4 of 6: Division' })).toBeFocused();

    const division = page.getByLabel('Division or legal entity (optional)');
    await pressUntilFocused(page, 'Tab', division);
    await page.keyboard.type(`Keyboard ${Date.now() % 10000}`);
    await pressUntilFocused(page, 'Tab', next);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Step 5 of 6: Project manager' })).toBeFocused();

    await chooseByKeyboard(page, page.getByLabel('Pablo Project'));
    await pressUntilFocused(page, 'Tab', next);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Step 6 of 6: Review' })).toBeFocused();
    await expect(page.locator('dl.review')).toContainText('10 days');

    // Back with Shift+Tab and Enter, then forward again: nothing chosen is lost.
    const back = page.getByRole('button', { name: '← Back' });
    await pressUntilFocused(page, 'Tab', back);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Step 5 of 6: Project manager' })).toBeFocused();
    await expect(page.getByLabel('Pablo Project')).toBeChecked();
    await pressUntilFocused(page, 'Tab', next);
    await page.keyboard.press('Enter');

    const create = page.getByRole('button', { name: 'Create voucher' });
    await pressUntilFocused(page, 'Tab', create);
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name: 'Voucher created' })).toBeFocused();
    await page.screenshot(shot('keyboard', 'voucher-created'));
  });

  test('the onboarding wizard moves between steps with Enter and takes focus to each step', async ({ page }) => {
    await signIn(page, 'mpn.admin@contoso.example');
    await page.goto('/onboarding/qualifications');
    await hydrated(page);
    const next = page.locator('.wizard-nav a[rel="next"]');
    await pressUntilFocused(page, 'Tab', next);
    await expect(next, 'the focused link shows its focus').toHaveCSS('outline-style', 'solid');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/onboarding\/locations$/);
    await expect(page.getByRole('heading', { name: /^Step 2 of 8/ })).toBeFocused();
    const back = page.locator('.wizard-nav a[rel="prev"]');
    await pressUntilFocused(page, 'Tab', back);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/\/onboarding\/qualifications$/);
    await expect(page.getByRole('heading', { name: /^Step 1 of 8/ })).toBeFocused();
  });
});
