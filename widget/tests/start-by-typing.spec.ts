// Starting by typing: the widget's home has a composer, and the first message opens a ticket whose
// chat goes on at once. A site may require the full form instead.
import { expect, test } from '@playwright/test';
import { adminApi, messagesOf, ticketBySubject, unique } from './support/admin.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

test('a visitor types on the home screen: the message opens a ticket and its chat, ready for the next one', async ({ page }) => {
  await page.goto(env.htmlExample);
  const widget = new WidgetPage(page);
  await widget.open();
  // The header names the site, as the console's preview does.
  await expect(widget.panel.getByRole('heading', { level: 2 })).toHaveText('Example Shop');

  // The shop is a single-page app: its router moves on without loading a page (or a new session).
  const here = await page.evaluate(() => (history.pushState({}, '', '/products/42?ref=spa'), location.href));
  const firstLine = unique('My parcel never came');
  const start = widget.panel.getByRole('textbox', { name: 'Start a conversation' });
  await start.fill(`${firstLine}\nOrder 4417, sent two weeks ago.`);
  await start.press('Enter');

  // The ticket exists, made from the message alone: its first line is the subject.
  await expect(widget.panel.getByRole('heading', { level: 2 })).toContainText(firstLine);
  const ticket = await ticketBySubject(firstLine);
  expect(ticket).toMatchObject({ category: { slug: 'general' }, status: 'OPEN' });
  // Sent as multipart/form-data, whose text fields carry CRLF line breaks.
  expect(ticket.description.replace(/\r\n/g, '\n')).toBe(`${firstLine}\nOrder 4417, sent two weeks ago.`);
  // The team sees the page the visitor was on as they wrote.
  expect(ticket.visitorContext).toMatchObject({ pageUrl: here });
  await expect(widget.panel.getByRole('status').filter({ hasText: `Ticket #${ticket.number} created.` })).toBeVisible();

  // The chat is open, its composer focused: the next message goes through the chat.
  await expect(widget.composer).toBeFocused();
  await page.keyboard.type('Tracking number is DL-88');
  await page.keyboard.press('Enter');
  await expect(widget.messages.filter({ hasText: 'Tracking number is DL-88' })).toHaveAttribute('data-state', 'sent');
  expect((await messagesOf(ticket.id)).map((m) => m.body)).toEqual(['Tracking number is DL-88']);
});

test('"more options" carries what was typed into the full form', async ({ page }) => {
  await page.goto(env.htmlExample);
  const widget = new WidgetPage(page);
  await widget.open();
  await widget.panel.getByRole('textbox', { name: 'Start a conversation' }).fill('Refund for order 12');
  await widget.panel.getByRole('button', { name: 'New ticket with more options' }).click();
  await expect(widget.panel.getByRole('heading', { level: 2 })).toHaveText('New ticket');
  await expect(widget.panel.getByLabel('Description')).toHaveValue('Refund for order 12');
  await expect(widget.panel.getByLabel('Subject')).toBeVisible();
});

test("a site that requires the full form shows it from the home screen, with the site's default category", async ({ page }) => {
  const site = await adminApi<{ siteKey: string }>('POST', '/sites', {
    name: unique('Strict Shop'),
    allowedOrigins: [env.host],
    defaultCategory: 'billing',
    requireTicketForm: true,
  });
  await page.goto(`${env.host}/?siteKey=${site.siteKey}`);
  const widget = new WidgetPage(page);
  await widget.open();
  const newTicket = widget.panel.getByRole('button', { name: 'New ticket', exact: true });
  await expect(newTicket).toBeVisible();
  await expect(widget.panel.getByRole('textbox', { name: 'Start a conversation' })).toHaveCount(0);
  await newTicket.click();
  await expect(widget.panel.getByLabel('Category')).toHaveValue('billing');
});
