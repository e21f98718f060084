// The inbox's search: a word said in chat finds its ticket, shown with a snippet whose matched words
// are marked, and text that looks like HTML shown as written.
import { expect, test, unique } from './fixtures';
import { expectAccessible } from './axe';

test('a search shows where each ticket matched, with the words marked', async ({ page, signIn, deskline }) => {
  const { api, admin } = deskline;
  // One made-up word, letters only, that the English stemmer leaves as it is.
  const word = `kumquat${unique('').replace(/[^0-9a-f]/g, '').replace(/./g, (c) => 'ghijklmnopqrstuv'[parseInt(c, 16)]!)}k`;
  const customer = await deskline.registerCustomer('Sam Searcher');
  const ticket = await deskline.createTicket(customer.token, { subject: `Delivery question ${unique()}` });
  const sent = await api('POST', `/tickets/${ticket.id}/messages`, { token: customer.token, body: { body: `The <b>box</b> of ${word} arrived crushed` } });
  expect(sent.status).toBe(201);
  const noted = await api('POST', `/tickets/${ticket.id}/comments`, { token: admin.token, body: { body: `Refund the ${word}s`, internal: true } });
  expect(noted.status).toBe(201);

  await signIn();
  await page.goto(`/admin/inbox?q=${word}`);
  const row = page.getByTestId('ticket-row').filter({ hasText: ticket.subject });
  await expect(row).toHaveCount(1);
  const snippet = row.getByTestId('search-snippet');
  await expect(snippet).toBeVisible();
  // The newest of the matches (the note) is the one shown; it is marked as the team's.
  await expect(snippet).toContainText('Internal note:');
  await expect(snippet.locator('mark')).toHaveText([`${word}s`]);
  await expectAccessible(page);

  // A phrase only in the chat: the chat line, its HTML-looking text as written.
  await page.goto(`/admin/inbox?q=${encodeURIComponent(`"${word} arrived"`)}`);
  const chat = page.getByTestId('ticket-row').filter({ hasText: ticket.subject }).getByTestId('search-snippet');
  await expect(chat).toContainText('Chat:');
  await expect(chat).toContainText(`The <b>box</b> of ${word} arrived crushed`);
  await expect(chat.locator('mark')).toHaveText([word, 'arrived']);
  await expect(chat.locator('b')).toHaveCount(0);
});
