// Closing the loop in the widget on an example host page: a resolved ticket is rated (stored, and on
// the ticket the console reads), a reply within the window reopens it, and after the window a reply
// opens a linked follow-up the visitor lands in.
import { expect, test } from '@playwright/test';
import { adminApi, messagesOf, setStatus, ticketBySubject } from './support/admin.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

const unique = (prefix: string) => `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test('a resolved ticket asks for a rating once, by keyboard, and a reply within the window reopens it', async ({ page }) => {
  await page.goto(env.htmlExample);
  const widget = new WidgetPage(page);
  await widget.open();
  const subject = unique('Rate me');
  await widget.createTicket(subject);
  const ticket = await ticketBySubject(subject);
  await setStatus(ticket.id, 'RESOLVED');

  const rating = widget.panel.getByRole('group', { name: 'How did we do?' });
  await expect(rating).toBeVisible();
  await expect(widget.panel.getByText('Write to us below to reopen this ticket.')).toBeVisible();
  // A native radio group: focus the first score, arrows move the choice.
  await rating.getByRole('radio', { name: '1 out of 5' }).focus();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(rating.getByRole('radio', { name: '4 out of 5' })).toBeChecked();
  await widget.panel.getByRole('textbox', { name: 'Anything to add? (optional)' }).fill('Quick and kind');
  await widget.panel.getByRole('button', { name: 'Send rating' }).click();
  await expect(widget.panel.getByText('Thank you for your rating!')).toBeVisible();
  const rated = await adminApi('GET', `/tickets/${ticket.id}`);
  expect(rated).toMatchObject({ awaitingRating: false, rating: { score: 4, comment: 'Quick and kind' } });

  await widget.send('Actually, it broke again');
  await expect(widget.panel.locator('.dl-chip')).toHaveText('Open');
  await expect.poll(async () => (await adminApi('GET', `/tickets/${ticket.id}`)).status).toBe('OPEN');
  expect((await messagesOf(ticket.id)).map((m) => m.body)).toEqual(['Actually, it broke again']);
});

test('after the reopen window a reply opens a follow-up, linked to the old ticket, and the visitor lands in it', async ({ page }) => {
  const sites = await adminApi<{ items: { id: string; siteKey: string; reopenWindowDays: number }[] }>('GET', '/sites?limit=100');
  const site = sites.items.find((s) => s.siteKey === env.siteKey)!;
  await page.goto(env.htmlExample);
  const widget = new WidgetPage(page);
  await widget.open();
  const subject = unique('Late reply');
  await widget.createTicket(subject);
  const ticket = await ticketBySubject(subject);
  // A window of 0 days: any reply to a resolved ticket is after it.
  await adminApi('PATCH', `/sites/${site.id}`, { reopenWindowDays: 0 });
  try {
    await setStatus(ticket.id, 'CLOSED');
    await expect(widget.panel.getByText('Writing to us below starts a new ticket that follows up this one.')).toBeVisible();
    await widget.send('Hello again, months later');
    await expect(widget.panel.getByRole('button', { name: `Follow-up of #${ticket.number}` })).toBeVisible();
    await expect(widget.messages.filter({ hasText: 'Hello again, months later' })).toHaveCount(1);
  } finally {
    await adminApi('PATCH', `/sites/${site.id}`, { reopenWindowDays: site.reopenWindowDays });
  }
  const mine = await adminApi<{ items: { id: string; linkedTicket: { id: string } | null; status: string }[] }>('GET', `/tickets?q=${encodeURIComponent(subject)}`);
  const followUp = mine.items.find((t) => t.linkedTicket?.id === ticket.id);
  expect(followUp?.status).toBe('OPEN');
  expect((await adminApi('GET', `/tickets/${ticket.id}`)).status).toBe('CLOSED');
});
