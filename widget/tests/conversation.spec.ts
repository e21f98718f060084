// One conversation on the example host page: chat messages and public replies in one thread the
// customer answers from, files both ways in the chat, and a thread that follows new messages.
import { expect, test } from '@playwright/test';
import type { AttachmentJson, MessageJson } from '../src/api/types.js';
import { adminApi, messagesOf, PNG, replyAsAdmin, setStatus, ticketBySubject, unique } from './support/admin.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

/** The agent uploads a file to the ticket, as the console does before sending it. */
async function uploadAsAdmin(ticketId: string, name: string, text: string): Promise<AttachmentJson> {
  const form = new FormData();
  form.append('file', new Blob([text], { type: 'text/plain' }), name);
  const res = await fetch(`${env.deskline}/api/tickets/${ticketId}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${env.adminToken}` },
    body: form,
  });
  expect(res.status).toBe(201);
  return (await res.json()) as AttachmentJson;
}

test('a public reply lands in the one thread, and the customer answers it with a file from the same composer', async ({ page }) => {
  await page.goto(env.htmlExample);
  const widget = new WidgetPage(page);
  await widget.open();
  const subject = unique('Wrong invoice');
  await widget.createTicket(subject);
  const ticket = await ticketBySubject(subject);

  // There is no separate comments block: the agent's public reply is part of the conversation.
  await expect(widget.panel.getByRole('heading', { name: 'Comments' })).toHaveCount(0);
  await adminApi('POST', `/tickets/${ticket.id}/comments`, { body: 'Could you send a screenshot of the invoice?' });
  await expect(widget.messages).toHaveText([/Could you send a screenshot of the invoice\?/]);

  // The customer answers with a picture: chosen with the attach button, previewed, removable.
  const attach = widget.panel.getByRole('button', { name: 'Attach files' });
  await widget.attach(attach, { name: 'invoice.png', mimeType: 'image/png', buffer: PNG }, { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('extra') });
  const chosen = widget.panel.locator('.dl-comp .dl-files li');
  await expect(chosen).toHaveCount(2);
  await expect(chosen.first()).toContainText('invoice.png');
  await widget.panel.getByRole('button', { name: 'Remove notes.txt' }).click();
  await expect(chosen).toHaveCount(1);
  await widget.send('Here it is');
  const mine = widget.messages.filter({ hasText: 'Here it is' });
  await expect(mine).toHaveAttribute('data-state', 'sent');
  const picture = mine.getByRole('img', { name: 'invoice.png' });
  await expect.poll(() => picture.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(16);
  await expect(chosen).toHaveCount(0);
  const [stored] = await messagesOf(ticket.id);
  expect(stored).toMatchObject({ body: 'Here it is', attachments: [{ filename: 'invoice.png', mimeType: 'image/png' }] });
  // The thread keeps the order things happened in.
  await expect(widget.messages).toHaveText([/Could you send a screenshot/, /Here it is/]);
  // A file sent in the chat is shown in the chat, not again among the ticket's own files.
  await expect(widget.panel.locator('.dl-card .dl-atts')).toHaveCount(0);

  // The agent sends a file back: it appears in the thread live, as a download.
  const file = await uploadAsAdmin(ticket.id, 'steps.txt', 'Step 1: reload.');
  await adminApi<MessageJson>('POST', `/tickets/${ticket.id}/messages`, { body: 'Follow these steps', attachmentIds: [file.id] });
  const theirs = widget.messages.filter({ hasText: 'Follow these steps' });
  await expect(theirs.getByRole('link', { name: 'steps.txt' })).toBeVisible();

  // Status changes take their place in the thread too, live.
  await setStatus(ticket.id, 'RESOLVED');
  await expect(widget.messages.last()).toHaveText(/Status changed to Resolved/);
  await expect(widget.messages).toHaveText([/Could you send a screenshot/, /Here it is/, /Follow these steps/, /Status changed to Resolved/]);
});

test('the thread follows new messages at the bottom, and offers a "New messages" pill when reading above', async ({ page }) => {
  await page.goto(env.htmlExample);
  const widget = new WidgetPage(page);
  await widget.open();
  const subject = unique('Long chat');
  await widget.createTicket(subject);
  const ticket = await ticketBySubject(subject);
  const scroller = widget.panel.locator('.dl-m');
  const distanceFromBottom = () => scroller.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight);

  // At the bottom, each new message is followed, the customer's own included.
  for (let i = 1; i <= 8; i++) {
    await replyAsAdmin(ticket.id, `Line ${i} of a long answer\n\nwith a second paragraph`);
    await expect(widget.messages.last()).toContainText(`Line ${i} of a long answer`);
  }
  await expect.poll(distanceFromBottom).toBeLessThan(40);
  await widget.send('Still reading');
  await expect(widget.messages.last()).toContainText('Still reading');
  await expect.poll(distanceFromBottom).toBeLessThan(40);
  const pill = widget.panel.getByRole('button', { name: /New messages/ });
  await expect(pill).toHaveCount(0);

  // Reading above: a new message does not pull the reader down; a pill says it is there.
  // Scrolled up, and the scroll heard (it is dispatched a frame later) before the next message comes,
  // as when a person reads above: a message racing the scroll event itself would be followed.
  await scroller.evaluate(
    (el) =>
      new Promise<void>((resolve) => {
        el.addEventListener('scroll', () => resolve(), { once: true });
        el.scrollTo({ top: 0 });
      }),
  );
  await replyAsAdmin(ticket.id, 'One more thing');
  await expect(pill).toBeVisible();
  await expect(widget.panel.locator('p.dl-sr[role="status"]')).toHaveText('New messages');
  expect(await scroller.evaluate((el) => el.scrollTop)).toBeLessThan(40);
  await pill.focus();
  await page.keyboard.press('Enter');
  await expect.poll(distanceFromBottom).toBeLessThan(40);
  await expect(pill).toHaveCount(0);
  await expect(widget.messages.last()).toBeInViewport();
});
