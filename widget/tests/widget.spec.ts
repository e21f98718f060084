// The widget on examples/html: a host site on another origin, served with a strict CSP.
import { expect, test } from '@playwright/test';
import { adminApi, adminSocket, collectCspViolations, messagesOf, replyAsAdmin, setStatus, ticketBySubject, unique } from './support/admin.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

test('a visitor opens a ticket with an attachment, then chats live with support', async ({ page }) => {
  const csp = await collectCspViolations(page);
  const response = await page.goto(env.htmlExample);
  expect(response!.headers()['content-security-policy']).toContain("style-src 'self'");
  const widget = new WidgetPage(page);
  await widget.open();

  // Checked before sending: nothing reaches the server until the form is valid.
  await widget.panel.getByRole('button', { name: 'New ticket' }).click();
  await widget.panel.getByLabel('Subject').fill('Hi');
  await widget.attach(widget.panel.getByLabel('Attachments'), { name: 'notes.html', mimeType: 'text/html', buffer: Buffer.from('<p>x</p>') });
  await widget.panel.getByRole('button', { name: 'Send ticket' }).click();
  await expect(widget.panel.getByRole('alert')).toHaveText('Please correct the highlighted fields.');
  await expect(widget.panel.getByLabel('Subject')).toHaveAttribute('aria-invalid', 'true');
  await expect(widget.panel.getByLabel('Subject')).toBeFocused();
  await expect(widget.panel.getByText('The subject needs 3 to 200 characters.')).toBeVisible();
  await expect(widget.panel.getByText('The description needs 1 to 10,000 characters.')).toBeVisible();
  await expect(widget.panel.getByText('notes.html is not an allowed file type.')).toBeVisible();
  await widget.panel.getByRole('button', { name: 'Remove notes.html' }).click();
  await widget.panel.getByRole('button', { name: 'Back' }).click();

  const subject = unique('Export broken');
  await widget.createTicket(subject, { attach: true, category: 'technical' });
  await expect(widget.panel.getByText('The export button does nothing.')).toBeVisible();
  const preview = widget.panel.getByRole('img', { name: 'screenshot.png' });
  await expect(preview).toBeVisible();
  await expect.poll(() => preview.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(16);

  const ticket = await ticketBySubject(subject);
  expect(ticket).toMatchObject({ status: 'OPEN', category: { slug: 'technical' }, attachments: [{ filename: 'screenshot.png', mimeType: 'image/png' }] });

  // Chat: sent, then read once support reads it.
  await widget.send('Hello, anyone there?');
  const mine = widget.messages.filter({ hasText: 'Hello, anyone there?' });
  await expect(mine).toHaveAttribute('data-state', 'sent');
  await expect(mine).toContainText('Sent');
  const stored = await messagesOf(ticket.id);
  expect(stored.map((m) => m.body)).toEqual(['Hello, anyone there?']);

  const socket = await adminSocket(ticket.id);
  try {
    socket.emit('typing', { ticketId: ticket.id, typing: true });
    await expect(widget.panel.getByText(/is typing…/)).toBeVisible();
    await socket.timeout(5_000).emitWithAck('message:read', { ticketId: ticket.id, upTo: stored[0]!.id });
    await expect(mine).toHaveAttribute('data-state', 'read');
    await expect(mine).toContainText('Read');
    // A reply over the socket and one over REST both appear without a reload.
    const ack = await socket.timeout(5_000).emitWithAck('message:send', { ticketId: ticket.id, body: 'Yes! Looking into it.', clientId: unique('c').replace(' ', '-') });
    expect(ack.ok).toBe(true);
  } finally {
    socket.disconnect();
  }
  await expect(widget.messages.filter({ hasText: 'Yes! Looking into it.' })).toBeVisible();
  await expect(widget.panel.getByText(/is typing…/)).toBeHidden();
  await replyAsAdmin(ticket.id, 'Fixed in the next release.');
  await expect(widget.messages.last()).toContainText('Fixed in the next release.');
  await expect(widget.panel.locator('[aria-live="polite"]').first()).toContainText('Fixed in the next release.');

  // The comment timeline and status changes arrive live too; private notes never do.
  await adminApi('POST', `/tickets/${ticket.id}/comments`, { body: 'Private: customer on the old plan', internal: true });
  await adminApi('POST', `/tickets/${ticket.id}/comments`, { body: 'We reproduced the problem.' });
  await expect(widget.panel.getByText('We reproduced the problem.')).toBeVisible();
  await expect(widget.panel.getByText('Private: customer on the old plan')).toHaveCount(0);
  await setStatus(ticket.id, 'IN_PROGRESS');
  await expect(widget.panel.locator('.dl-chip')).toHaveText('In progress');

  // Public replies are part of the one conversation, in the order they came.
  await expect(widget.messages).toHaveText([
    /Hello, anyone there\?/,
    /Yes! Looking into it\./,
    /Fixed in the next release\./,
    /We reproduced the problem\./,
    /Status changed to In progress/,
  ]);
  expect(csp).toEqual([]);
});

test('the launcher badge counts unread replies while the panel is closed', async ({ page }) => {
  await page.goto(env.htmlExample);
  const widget = new WidgetPage(page);
  await widget.open();
  const subject = unique('Badge');
  await widget.createTicket(subject);
  const ticket = await ticketBySubject(subject);
  await widget.launcher.click(); // closes the panel
  await expect(widget.panel).toBeHidden();
  await expect(widget.badge).toBeHidden();

  await replyAsAdmin(ticket.id, 'First reply');
  await expect(widget.badge).toHaveText('1');
  await replyAsAdmin(ticket.id, 'Second reply');
  await expect(widget.badge).toHaveText('2');
  await expect(widget.launcher).toHaveAttribute('aria-label', 'Open support chat (2 unread)');
  await expect(page.locator('#events')).toContainText('unread: 2');

  // Reloading keeps the count (the visitor is resumed), and reading the chat clears it.
  await page.reload();
  await expect(widget.badge).toHaveText('2');
  await widget.open();
  await expect(widget.panel.getByRole('button', { name: new RegExp(subject) })).toContainText('2 unread');
  await widget.panel.getByRole('button', { name: new RegExp(subject) }).click();
  await expect(widget.messages).toHaveCount(2);
  await expect(widget.badge).toBeHidden();
  await expect.poll(async () => (await messagesOf(ticket.id)).every((m) => m.readAt !== null)).toBe(true);
});

// Closing no longer ends the chat (closing the loop): within the site's reopen window the customer's
// reply reopens the ticket, so the composer stays, and the widget says what a reply will do.
test('closing the ticket is shown live: the status, the rating question, and that a reply reopens it', async ({ page }) => {
  await page.goto(env.htmlExample);
  const widget = new WidgetPage(page);
  await widget.open();
  const subject = unique('Closing');
  await widget.createTicket(subject);
  await expect(widget.composer).toBeVisible();
  const ticket = await ticketBySubject(subject);
  await setStatus(ticket.id, 'CLOSED');
  await expect(widget.panel.locator('.dl-chip')).toHaveText('Closed');
  await expect(widget.panel.getByText('Write to us below to reopen this ticket.')).toBeVisible();
  await expect(widget.panel.getByRole('group', { name: 'How did we do?' })).toBeVisible();
  await expect(widget.composer).toBeVisible();
  await widget.panel.getByRole('button', { name: 'Back' }).click();
  await expect(widget.panel.getByRole('button', { name: new RegExp(subject) })).toContainText('Closed');
});

test('going offline mid-chat: what was typed is sent once, what was sent meanwhile appears', async ({ page, context }) => {
  await page.goto(env.htmlExample);
  const widget = new WidgetPage(page);
  await widget.open();
  const subject = unique('Offline');
  await widget.createTicket(subject);
  const ticket = await ticketBySubject(subject);
  await widget.send('before');
  await expect(widget.messages.filter({ hasText: 'before' })).toHaveAttribute('data-state', 'sent');

  await context.setOffline(true);
  await expect(widget.panel.getByText('Connection lost. Reconnecting…')).toBeVisible();
  await widget.send('typed offline 1');
  await widget.send('typed offline 2');
  const first = widget.messages.filter({ hasText: 'typed offline 1' });
  await expect(first).toHaveAttribute('data-state', 'sending');
  await replyAsAdmin(ticket.id, 'reply while you were away 1');
  await replyAsAdmin(ticket.id, 'reply while you were away 2');
  // Not acknowledged for a while: shown as failed, with a retry (which waits for the connection).
  await expect(first).toHaveAttribute('data-state', 'failed', { timeout: 15_000 });
  await expect(first).toContainText('Not sent.');
  await first.getByRole('button', { name: 'Retry' }).click();
  await expect(first).toHaveAttribute('data-state', 'sending');
  expect((await messagesOf(ticket.id)).map((m) => m.body)).toEqual(['before', 'reply while you were away 1', 'reply while you were away 2']);

  await context.setOffline(false);
  await expect(widget.panel.getByText('Connection lost. Reconnecting…')).toBeHidden({ timeout: 20_000 });
  for (const body of ['typed offline 1', 'typed offline 2', 'reply while you were away 1', 'reply while you were away 2']) {
    await expect(widget.messages.filter({ hasText: body })).toHaveCount(1);
  }
  await expect(widget.messages.filter({ hasText: 'typed offline 2' })).toHaveAttribute('data-state', /sent|read/);
  await expect(widget.messages).toHaveCount(5);
  const stored = (await messagesOf(ticket.id)).map((m) => m.body);
  expect(stored.sort()).toEqual(['before', 'reply while you were away 1', 'reply while you were away 2', 'typed offline 1', 'typed offline 2']);
  // Still exactly once each a little later (no late resend).
  await page.waitForTimeout(1_500);
  await expect(widget.messages).toHaveCount(5);
  expect(await messagesOf(ticket.id)).toHaveLength(5);
});

test('a message to a ticket closed while offline reopens it (within the reopen window), and the chat shows it open', async ({ page, context }) => {
  await page.goto(env.htmlExample);
  const widget = new WidgetPage(page);
  await widget.open();
  const subject = unique('Closed offline');
  await widget.createTicket(subject);
  const ticket = await ticketBySubject(subject);
  await context.setOffline(true);
  await expect(widget.panel.getByText('Connection lost. Reconnecting…')).toBeVisible();
  await setStatus(ticket.id, 'CLOSED');
  await widget.send('too late?');
  await context.setOffline(false);
  // A customer's reply within the site's reopen window reopens the ticket (issue 12).
  const late = widget.messages.filter({ hasText: 'too late?' });
  await expect(late).toHaveAttribute('data-state', /sent|read/, { timeout: 20_000 });
  await expect(widget.panel.locator('.dl-chip')).toHaveText('Open');
  expect((await messagesOf(ticket.id)).map((m) => m.body)).toEqual(['too late?']);
});

test('an anonymous visitor is resumed across reloads by the visitorId kept per site key', async ({ page }) => {
  await page.goto(env.htmlExample);
  const widget = new WidgetPage(page);
  await widget.open();
  const subject = unique('Resume');
  await widget.createTicket(subject);
  const stored = await page.evaluate((key) => JSON.parse(localStorage.getItem(`deskline:${key}`) ?? 'null'), env.siteKey);
  expect(stored).toMatchObject({ kind: 'anonymous', visitorId: expect.stringMatching(/^v_/) });
  await page.reload();
  await widget.open();
  await expect(widget.panel.getByRole('button', { name: new RegExp(subject) })).toBeVisible();
  await expect(widget.panel).toContainText('Chatting as a guest');
});

test('a signed identity follows the customer; a wrong signature is refused in the widget', async ({ browser }) => {
  const first = await browser.newContext();
  const page = await first.newPage();
  await page.goto(`${env.htmlExample}/?as=ada`);
  const widget = new WidgetPage(page);
  await widget.open();
  await expect(widget.panel).toContainText('Signed in as Ada Lovelace');
  const subject = unique('Identified');
  await widget.createTicket(subject);
  const ticket = await ticketBySubject(subject);
  expect(ticket.customer).toMatchObject({ name: 'Ada Lovelace', email: 'ada@example.com' });
  await first.close();

  // Another browser, same customer of the host site: the same tickets.
  const second = await browser.newContext();
  const again = new WidgetPage(await second.newPage());
  await again.page.goto(`${env.htmlExample}/?as=ada`);
  await again.open();
  await expect(again.panel.getByRole('button', { name: new RegExp(subject) })).toBeVisible();
  await second.close();

  const third = await browser.newContext();
  const forged = new WidgetPage(await third.newPage());
  await forged.page.goto(`${env.htmlExample}/?as=ada&signature=${'ab'.repeat(32)}`);
  // identify() alone loads nothing (tests/loading.spec.ts): the session is asked for on opening.
  const refused = forged.page.waitForResponse((res) => res.url().endsWith('/api/widget/session'));
  await forged.open();
  expect((await refused).status()).toBe(401);
  await expect(forged.panel.getByRole('alert')).toHaveText(/could not verify who you are/);
  await expect(forged.panel.getByRole('button', { name: 'New ticket' })).toHaveCount(0);
  await third.close();
});

test('an origin the site does not allow gets a clear refusal in the widget', async ({ page }) => {
  await page.goto(`${env.refusedHost}/?siteKey=${env.siteKey}`);
  const widget = new WidgetPage(page);
  const refused = page.waitForResponse((res) => res.url().endsWith('/api/widget/session'));
  await widget.open();
  expect((await refused).status()).toBe(403);
  await expect(widget.panel.getByRole('alert')).toHaveText(
    `Support is not available on this website: ${env.refusedHost} is not one of its allowed addresses.`,
  );
});

test('an unknown site key is reported in the widget, not silently', async ({ page }) => {
  await page.goto(`${env.host}/?siteKey=site_unknown`);
  const widget = new WidgetPage(page);
  await widget.open();
  await expect(widget.panel.getByRole('alert')).toHaveText('This support widget is not set up correctly (unknown site key).');
});
