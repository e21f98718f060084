// The acceptance story with a real customer: the portal (the widget's full-page app) in a second
// browser context. Needs the widget build; ticket.spec.ts tells the same story over the customer's
// socket and API, so it runs either way.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect, test, unique } from './fixtures';
import { ROOT } from './server';

const portalBuilt = existsSync(path.join(ROOT, 'widget/dist/portal.html'));

test('an admin and a customer on the portal work a ticket together, live, in two browser contexts', async ({ page, browser, signIn, deskline }) => {
  test.skip(!portalBuilt, 'widget/dist/portal.html is missing: build the widget workspace (npm run build -w widget) to run this test');
  await signIn();
  const customerContext = await browser.newContext();
  try {
    const portal = await customerContext.newPage();
    await portal.goto(`${deskline.url}/portal`);
    const main = portal.locator('deskline-portal').getByRole('main');
    await main.getByRole('button', { name: 'No account yet? Create one' }).click();
    await main.getByLabel('Name').fill('Nadia Portal');
    await main.getByLabel('Email').fill(`${unique('nadia')}@example.test`);
    await main.getByLabel('Password').fill('nadia-password');
    await main.getByRole('button', { name: 'Create account' }).click();
    await expect(main).toContainText('Signed in as Nadia Portal');

    const subject = `Portal: my invoice is missing ${unique()}`;
    await main.getByRole('button', { name: 'New ticket' }).click();
    await main.getByLabel('Subject').fill(subject);
    await main.getByLabel('Description').fill('I cannot find the invoice for my last order.');
    await main.getByLabel('Category').selectOption('billing');
    await main.getByRole('button', { name: 'Send ticket' }).click();
    await expect(main.getByRole('heading', { level: 2 })).toContainText(subject);

    // The console: live row and notification, then the ticket.
    const row = page.getByTestId('ticket-row').filter({ hasText: subject });
    await expect(row).toBeVisible();
    await expect(page.getByTestId('toast').filter({ hasText: subject })).toBeVisible();
    await row.getByRole('link').click();
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await expect(page.getByTestId('assignee-select')).toHaveValue(deskline.admin.user.id);
    await page.getByTestId('status-select').selectOption('IN_PROGRESS');
    await expect(main).toContainText('In progress');

    // A private note, then a reply: the portal shows the reply and never the note.
    const note = `Note: invoice job failed for this account ${unique()}`;
    const reply = `Your invoice is attached to your account now ${unique()}`;
    await page.getByTestId('ticket-subject').click();
    await page.keyboard.press('n');
    await expect(page.getByLabel('Private note', { exact: true })).toBeFocused();
    await page.keyboard.type(note);
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('note').filter({ hasText: note })).toBeVisible();
    await page.getByTestId('ticket-subject').click();
    await page.keyboard.press('r');
    await expect(page.getByLabel('Reply', { exact: true })).toBeFocused();
    await page.keyboard.type(reply);
    await page.keyboard.press('Control+Enter');
    await expect(main).toContainText(reply);
    // Loaded afresh from the server, the ticket has the reply and still no note.
    await portal.reload();
    await main.getByRole('button', { name: new RegExp(subject) }).click();
    await expect(main.getByRole('heading', { level: 2 })).toContainText(subject);
    await expect(main).toContainText(reply);
    await expect(main).not.toContainText(note);

    // Chat both ways.
    const portalComposer = main.getByRole('textbox', { name: 'Message' });
    await portalComposer.fill('Thank you! Does it include VAT?');
    await expect(page.getByTestId('typing')).toContainText('Nadia Portal is typing');
    await portalComposer.press('Enter');
    await expect(page.getByTestId('chat-message').filter({ hasText: 'Does it include VAT?' })).toBeVisible();
    await page.getByTestId('ticket-subject').click();
    await page.keyboard.press('c');
    await expect(page.getByLabel('Message to Nadia Portal')).toBeFocused();
    await page.keyboard.type('Yes, VAT is itemised on page 2.');
    await expect(main.locator('.dl-typing')).toBeVisible();
    await page.keyboard.press('Enter');
    await expect(main.locator('.dl-chat > li').filter({ hasText: 'VAT is itemised on page 2.' })).toBeVisible();
    // The portal has the message on screen: the console shows it read.
    await expect(page.getByTestId('chat-message').filter({ hasText: 'VAT is itemised' })).toHaveAttribute('data-state', 'read');
  } finally {
    await customerContext.close();
  }
});
