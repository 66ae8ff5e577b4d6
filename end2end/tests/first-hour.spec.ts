import { expect, test } from '@playwright/test';
import { DEMO_USERS, hydrated, shot, signIn, signOut } from './support';
import { t } from './i18n';

// A newcomer's first hour on the lived-in demo (DEMO_SEED): every role's dashboard opens on
// something to do, at desktop and phone width.
const DEVICES = [
  { name: 'desktop', viewport: { width: 1280, height: 900 } },
  { name: 'phone', viewport: { width: 375, height: 812 } },
] as const;

for (const device of DEVICES) {
  test.describe(`first hour (${device.name})`, () => {
    test.use({ viewport: device.viewport });

    test('every demo role lands on a dashboard with something to do', async ({ page }) => {
      for (const user of DEMO_USERS) {
        await signIn(page, user.email);
        const todo = page.locator('.next-steps [data-todo]');
        await expect(todo.first(), `${user.role} has something to do`).toBeVisible();
        // The link leads somewhere this role may go.
        const href = await todo.first().getAttribute('href');
        expect(href, user.role).toMatch(/^\//);
        await page.screenshot(shot('first-hour', `dashboard-${user.role}-${device.name}`));
        await page.goto(href!);
        await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
        await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Not available for your role');
        await signOut(page);
      }
    });
  });
}

test.describe('first hour (phone lists)', () => {
  test.use({ viewport: { width: 375, height: 812 } });

  test('at 375 px the engagements and claims lists show status and amount on screen', async ({ page }) => {
    const inView = async (cell: ReturnType<typeof page.locator>) => {
      await expect(cell).toBeVisible();
      const box = (await cell.boundingBox())!;
      expect(box.x, 'starts on screen').toBeGreaterThanOrEqual(0);
      expect(box.x + box.width, 'ends on screen').toBeLessThanOrEqual(375);
    };
    await signIn(page, 'global.admin@contoso.example');
    await page.goto('/engagements');
    await hydrated(page);
    const engagement = page.locator('table.engagements tbody tr').first();
    await inView(engagement.locator(`td[data-label="${t('en', 'reservations.status')}"]`));
    await page.screenshot(shot('first-hour', 'engagements-phone'));
    await page.goto('/claims');
    await hydrated(page);
    const claim = page.locator('table.claims tbody tr').first();
    await inView(claim.locator(`td[data-label="${t('en', 'claims.status')}"]`));
    await inView(claim.locator(`td[data-label="${t('en', 'claims.amount')}"]`));
    await page.screenshot(shot('first-hour', 'claims-phone'));
    await signOut(page);
  });
});
