import { createHash } from 'node:crypto';
import { customerSocket, expect, test, unique } from './fixtures';
import { receiptPng } from './media';

test('an admin works a ticket live: assigns, changes status, notes privately, and chats both ways', async ({ page, signIn, deskline }) => {
  const { api, admin } = deskline;
  const customer = await deskline.registerCustomer('Rosa Requester');
  const socket = customerSocket(deskline.url, customer.token);
  try {
    await signIn();
    const subject = `Cannot sign in after the update ${unique()}`;
    const form = new FormData();
    form.set('subject', subject);
    form.set('description', 'Since this morning the app says my password is wrong. Screenshot attached.');
    form.set('category', 'technical');
    form.append('attachment', new Blob([new Uint8Array(receiptPng())], { type: 'image/png' }), 'screenshot.png');
    const created = await api('POST', '/tickets', { token: customer.token, form });
    expect(created.status).toBe(201);
    const ticket = created.body;
    await socket.client.join(ticket.id);

    // It arrives live; open it from the inbox.
    await page.getByTestId('ticket-row').filter({ hasText: subject }).getByRole('link').click();
    await expect(page).toHaveURL(new RegExp(`/admin/ticket\\?id=${ticket.id}`));
    await expect(page.getByTestId('ticket-subject')).toHaveText(subject);
    await expect(page.getByTestId('ticket-customer')).toHaveText('Rosa Requester');
    await expect(page.getByTestId('ticket-description')).toContainText('password is wrong');
    const image = page.locator('img[alt="screenshot.png"]');
    await expect.poll(() => image.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480);
    const download = page.getByRole('link', { name: 'Download screenshot.png' });
    const downloaded = await page.request.get(new URL((await download.getAttribute('href'))!, page.url()).toString());
    expect(createHash('sha256').update(await downloaded.body()).digest('hex')).toBe(createHash('sha256').update(receiptPng()).digest('hex'));

    // Assign to me, then change the status with the control and with the keyboard.
    await page.getByRole('button', { name: 'Assign to me' }).click();
    await expect(page.getByTestId('assignee-select')).toHaveValue(admin.user.id);
    await expect.poll(async () => (await api('GET', `/tickets/${ticket.id}`, { token: customer.token })).body.assignee?.id).toBe(admin.user.id);
    await page.getByTestId('status-select').selectOption('IN_PROGRESS');
    await expect.poll(async () => (await api('GET', `/tickets/${ticket.id}`, { token: admin.token })).body.status).toBe('IN_PROGRESS');
    await expect.poll(() => socket.of('ticket:updated').some((t) => t.id === ticket.id && t.status === 'IN_PROGRESS')).toBe(true);
    await page.getByTestId('ticket-subject').click(); // leave the select: shortcuts are ignored while typing in a field
    await page.keyboard.press('3');
    await expect(page.getByTestId('status-select')).toHaveValue('RESOLVED');
    await expect.poll(async () => (await api('GET', `/tickets/${ticket.id}`, { token: admin.token })).body.status).toBe('RESOLVED');
    await page.keyboard.press('2');
    await expect.poll(async () => (await api('GET', `/tickets/${ticket.id}`, { token: admin.token })).body.status).toBe('IN_PROGRESS');

    // A private note (n) and a reply (r): the customer gets the reply, never the note.
    const note = `Internal: account locked by the fraud rule ${unique()}`;
    const reply = `We have unlocked your account ${unique()}`;
    await page.keyboard.press('n');
    await expect(page.getByTestId('composer')).toHaveAttribute('data-mode', 'note');
    await expect(page.getByLabel('Private note', { exact: true })).toBeFocused();
    await page.keyboard.type(note);
    await page.keyboard.press('Control+Enter');
    await expect(page.getByTestId('note').filter({ hasText: note })).toContainText('Private note');
    await page.getByTestId('ticket-subject').click();
    await page.keyboard.press('r');
    await expect(page.getByTestId('composer')).toHaveAttribute('data-mode', 'reply');
    await page.keyboard.type(reply);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await expect(page.getByTestId('reply').filter({ hasText: reply })).toBeVisible();

    await expect.poll(() => socket.of('comment:new').map((c) => c.body)).toContain(reply);
    await page.waitForTimeout(500); // a note would have been broadcast by now
    expect(socket.heard.filter((h) => JSON.stringify(h.payload).includes(note))).toEqual([]);
    const seenByCustomer = await api('GET', `/tickets/${ticket.id}/comments`, { token: customer.token });
    expect(seenByCustomer.body.items.map((c: { body: string }) => c.body)).toEqual([reply]);
    const seenByTeam = await api('GET', `/tickets/${ticket.id}/comments`, { token: admin.token });
    expect(seenByTeam.body.items.map((c: { body: string }) => c.body)).toEqual([note, reply]);

    // Chat, customer → admin: typing indicator, the message, and a read receipt back.
    socket.client.typing(ticket.id, true);
    await expect(page.getByTestId('typing')).toContainText('Rosa Requester is typing');
    const hello = await socket.client.send(ticket.id, 'Thanks! One more question: is my data safe?');
    await expect(page.getByTestId('chat-message').filter({ hasText: 'is my data safe?' })).toHaveAttribute('data-from', 'customer');
    await expect(page.getByTestId('typing')).toBeEmpty();
    await expect.poll(() => socket.of('message:read').some((r) => r.upTo === hello.id && r.userId === admin.user.id)).toBe(true);

    // Admin → customer (c focuses the chat): typing reaches the customer, then the message.
    await page.getByTestId('ticket-subject').click();
    await page.keyboard.press('c');
    await expect(page.getByLabel('Message to Rosa Requester')).toBeFocused();
    await page.keyboard.type('Yes, nothing was exposed.');
    await expect.poll(() => socket.of('typing').some((t) => t.typing && t.user.id === admin.user.id)).toBe(true);
    await page.keyboard.press('Enter');
    const mine = page.getByTestId('chat-message').filter({ hasText: 'Yes, nothing was exposed.' });
    await expect(mine).toHaveAttribute('data-state', 'sent');
    await expect.poll(() => socket.of('message:new').map((m) => m.body)).toContain('Yes, nothing was exposed.');
    const delivered = socket.of('message:new').find((m) => m.body === 'Yes, nothing was exposed.');
    expect(delivered.sender.role).toBe('ADMIN');

    // The customer reads it: the admin sees the receipt.
    await socket.client.markRead(ticket.id, delivered.id);
    await expect(mine).toHaveAttribute('data-state', 'read');
    await expect(page.getByTestId('delivery')).toContainText('Read');

    // Reconnect catch-up: messages sent while the console was offline appear once it is back.
    await page.context().setOffline(true);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'disconnected', { timeout: 30_000 });
    await api('POST', `/tickets/${ticket.id}/messages`, { token: customer.token, body: { body: 'Sent while you were offline' } });
    await page.context().setOffline(false);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'connected', { timeout: 30_000 });
    await expect(page.getByTestId('chat-message').filter({ hasText: 'Sent while you were offline' })).toHaveCount(1);
  } finally {
    socket.close();
  }
});

test('the shortcut help lists the common moves, and j / k step through the inbox', async ({ page, signIn, deskline }) => {
  const tag = unique('steps');
  const customer = await deskline.registerCustomer('Stella Stepper');
  const first = await deskline.createTicket(customer.token, { subject: `${tag} first` });
  const second = await deskline.createTicket(customer.token, { subject: `${tag} second` });
  await signIn();
  await page.goto(`/admin/inbox?q=${tag}`);
  await expect(page.getByTestId('ticket-row')).toHaveCount(2);
  await page.getByTestId('ticket-row').first().getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`id=${second.id}`));

  await page.keyboard.press('?');
  const help = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(help).toBeVisible();
  for (const label of ['Reply to the customer (public comment)', 'Write a private note', 'Next ticket', 'Change status', 'Set status: Resolved']) {
    await expect(help.getByText(label, { exact: true })).toBeVisible();
  }
  await page.keyboard.press('Escape');
  await expect(help).toBeHidden();

  await page.keyboard.press('j');
  await expect(page).toHaveURL(new RegExp(`id=${first.id}`));
  await expect(page.getByTestId('ticket-subject')).toHaveText(`${tag} first`);
  await page.keyboard.press('k');
  await expect(page).toHaveURL(new RegExp(`id=${second.id}`));
  await page.keyboard.press('u');
  await expect(page).toHaveURL(new RegExp(`/admin/inbox\\?q=${tag}`));
});

test('a closed ticket closes its chat, and a missing ticket says so', async ({ page, signIn, deskline }) => {
  const customer = await deskline.registerCustomer('Clara Closed');
  const ticket = await deskline.createTicket(customer.token, { subject: `Closed one ${unique()}` });
  await deskline.api('PATCH', `/tickets/${ticket.id}`, { token: deskline.admin.token, body: { status: 'CLOSED' } });
  await signIn();
  await page.goto(`/admin/ticket?id=${ticket.id}`);
  await expect(page.getByText('The chat closed with the ticket.').first()).toBeVisible();
  await expect(page.getByLabel(/Message to/)).toHaveCount(0);
  await page.goto('/admin/ticket?id=does-not-exist');
  await expect(page.getByText('This ticket does not exist')).toBeVisible();
});
