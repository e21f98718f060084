// Files in the console's chat, both ways, and the chat log's "New messages" pill.
import { expect, test } from './fixtures';
import { receiptPng } from './media';

test('an agent sends a file in the chat, and sees the one a customer sent, both in the log', async ({ page, signIn, deskline }) => {
  const { api } = deskline;
  const customer = await deskline.registerCustomer('Filippa Files');
  const ticket = await deskline.createTicket(customer.token);
  // The customer sends a picture with a message, as the widget does: upload, then send its id.
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(receiptPng())], { type: 'image/png' }), 'receipt.png');
  const uploaded = await api('POST', `/tickets/${ticket.id}/attachments`, { token: customer.token, form });
  expect(uploaded.status).toBe(201);
  expect((await api('POST', `/tickets/${ticket.id}/messages`, { token: customer.token, body: { body: 'My receipt', attachmentIds: [uploaded.body.id] } })).status).toBe(201);

  await signIn();
  await page.goto(`/admin/ticket?id=${ticket.id}`);
  const fromCustomer = page.getByTestId('chat-message').filter({ hasText: 'My receipt' });
  const picture = fromCustomer.getByRole('img', { name: 'receipt.png' });
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(480);

  // The agent attaches a file with the styled button, sees it listed, and sends it without text.
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Attach files' }).click();
  await (await chooser).setFiles({ name: 'steps.txt', mimeType: 'text/plain', buffer: Buffer.from('Step 1: reload the page.') });
  await expect(page.getByTestId('chosen-file')).toContainText('steps.txt');
  await page.getByRole('button', { name: 'Send message' }).click();
  const sent = page.getByTestId('chat-message').filter({ has: page.getByRole('link', { name: /steps\.txt/ }) });
  await expect(sent).toHaveAttribute('data-state', 'sent');
  await expect(page.getByTestId('chosen-file')).toHaveCount(0);
  const stored = await api('GET', `/tickets/${ticket.id}/messages`, { token: customer.token });
  expect(stored.body.items.at(-1)).toMatchObject({ body: '', attachments: [{ filename: 'steps.txt', mimeType: 'text/plain' }] });
});

test('the chat log offers a "New messages" pill while the agent reads above', async ({ page, signIn, deskline }) => {
  const { api } = deskline;
  const customer = await deskline.registerCustomer('Paula Pill');
  const ticket = await deskline.createTicket(customer.token);
  for (let i = 1; i <= 14; i++) {
    await api('POST', `/tickets/${ticket.id}/messages`, { token: customer.token, body: { body: `Message ${i}\n\nwith more lines\n\nto fill the log` } });
  }
  await signIn();
  await page.goto(`/admin/ticket?id=${ticket.id}`);
  const log = page.getByTestId('chat-log');
  await expect(page.getByTestId('chat-message').filter({ hasText: 'Message 14' })).toBeInViewport();
  // Scrolled up, and the scroll heard (it is dispatched a frame later) before the next message comes.
  await log.evaluate(
    (el) =>
      new Promise<void>((resolve) => {
        el.addEventListener('scroll', () => resolve(), { once: true });
        el.scrollTo({ top: 0 });
      }),
  );
  await api('POST', `/tickets/${ticket.id}/messages`, { token: customer.token, body: { body: 'Are you there?' } });
  const pill = page.getByRole('button', { name: /New messages/ });
  await expect(pill).toBeVisible();
  await pill.click();
  await expect(page.getByTestId('chat-message').filter({ hasText: 'Are you there?' })).toBeInViewport();
  await expect(pill).toHaveCount(0);
});
