// Ticket search (GET /tickets?q=): what it finds, in what order, the snippets it returns, and what
// it never shows a customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '../auth/service.js';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import type { TicketListItemJson } from '@deskline/contract';

let server: TestServer;
let agent: TestUser;
let admin: TestUser;
let carol: TestUser;
let dave: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  agent = await server.createUser('AGENT', 'Agnes Agent');
  admin = await server.createUser('ADMIN', 'Adam Admin');
  carol = await server.createUser('CUSTOMER', 'Carol Featherstonehaugh');
  dave = await server.createUser('CUSTOMER', 'Dave');
});
afterAll(() => server?.close());

async function openTicket(owner: TestUser, subject: string, description = 'Nothing else to say') {
  const res = await server.api<TicketListItemJson>('POST', '/tickets', { token: owner.token, body: { subject, description, category: 'general' } });
  expect(res.status).toBe(201);
  return res.body;
}

async function comment(ticketId: string, who: TestUser, body: string, internal = false) {
  const res = await server.api('POST', `/tickets/${ticketId}/comments`, { token: who.token, body: { body, internal } });
  expect(res.status).toBe(201);
}

async function chat(ticketId: string, who: TestUser, body: string) {
  const res = await server.api('POST', `/tickets/${ticketId}/messages`, { token: who.token, body: { body } });
  expect(res.status).toBe(201);
}

async function search(who: TestUser, q: string, extra = '', limit = 100) {
  const res = await server.api<{ items: TicketListItemJson[]; nextCursor: string | null }>(
    'GET',
    `/tickets?q=${encodeURIComponent(q)}&limit=${limit}${extra}`,
    { token: who.token },
  );
  expect(res.status, q).toBe(200);
  return res.body;
}

/** The highlighted parts of a match, as text. */
const highlighted = (item: TicketListItemJson) => item.match!.highlights.map((h) => item.match!.text.slice(h.start, h.end));

describe('searching tickets', () => {
  it('finds a word said in chat, in any form, with the sentence around it highlighted', async () => {
    const ticket = await openTicket(carol, 'Billing question');
    await chat(ticket.id, carol, 'Hello, I was promised a reimbursement for the broken kettle last week');
    const { items } = await search(agent, 'reimbursements');
    expect(items.map((t) => t.id)).toEqual([ticket.id]);
    expect(items[0]!.match).toMatchObject({ field: 'message' });
    expect(items[0]!.match!.text).toContain('reimbursement for the broken kettle');
    expect(highlighted(items[0]!)).toEqual(['reimbursement']);
    // The customer finds her own chat too.
    expect((await search(carol, 'kettle')).items.map((t) => t.id)).toEqual([ticket.id]);
  });

  it('finds public replies, and a phrase only in that order', async () => {
    const ticket = await openTicket(dave, 'Login trouble');
    await comment(ticket.id, agent, 'Please clear the browser cache and try the green button again');
    const other = await openTicket(dave, 'Another one', 'The button is green but the cache is full');
    expect((await search(agent, 'green button')).items.map((t) => t.id).sort()).toEqual([ticket.id, other.id].sort());
    const phrase = await search(agent, '"green button"');
    expect(phrase.items.map((t) => t.id)).toEqual([ticket.id]);
    expect(phrase.items[0]!.match).toMatchObject({ field: 'comment' });
    expect(highlighted(phrase.items[0]!)).toEqual(['green', 'button']);
  });

  it('never finds a private note by a customer’s search, and labels it a note for the team', async () => {
    const ticket = await openTicket(carol, 'Order arrived late');
    await comment(ticket.id, agent, 'Customer is a known chargeback risk (zanzibarian bank)', true);
    expect((await search(carol, 'zanzibarian')).items).toEqual([]);
    expect((await search(carol, 'chargeback')).items).toEqual([]);
    expect((await search(carol, '"known chargeback risk"')).items).toEqual([]);
    const team = await search(agent, 'zanzibarian');
    expect(team.items.map((t) => t.id)).toEqual([ticket.id]);
    expect(team.items[0]!.match).toMatchObject({ field: 'note' });
    expect((await search(admin, 'chargeback')).items.map((t) => t.id)).toEqual([ticket.id]);
  });

  it('finds a ticket by #number first, exactly, and never another customer’s', async () => {
    const ticket = await openTicket(dave, 'Numbered');
    const mentions = await openTicket(dave, `Same as ${ticket.number} maybe`);
    const { items } = await search(agent, `#${ticket.number}`);
    expect(items[0]!.id).toBe(ticket.id);
    expect(items[0]!.match).toEqual({ field: 'number', text: `#${ticket.number}`, highlights: [{ start: 0, end: `#${ticket.number}`.length }] });
    expect(items.map((t) => t.id)).toContain(mentions.id);
    expect((await search(carol, `#${ticket.number}`)).items).toEqual([]);
  });

  it('finds the team a customer by part of their name or email, and customers never search names', async () => {
    const ticket = await openTicket(carol, 'Unrelated subject');
    const byName = await search(agent, 'stonehau');
    expect(byName.items.map((t) => t.id)).toContain(ticket.id);
    const item = byName.items.find((t) => t.id === ticket.id)!;
    expect(item.match!.field).toBe('customer');
    expect(highlighted(item)).toEqual(['stonehau']);
    const emailPart = carol.email.split('@')[0]!.slice(2);
    const byEmail = await search(agent, emailPart);
    expect(byEmail.items.find((t) => t.id === ticket.id)?.match).toMatchObject({ field: 'customer', text: carol.email });
    expect((await search(agent, carol.email)).items.map((t) => t.id)).toContain(ticket.id);
    expect((await search(dave, 'stonehau')).items).toEqual([]);
  });

  it('finds parts of words in the subject and description', async () => {
    const ticket = await openTicket(dave, 'Thermostat keeps resetting', 'The heatpumpcontroller blinks');
    expect((await search(agent, 'ermosta')).items.map((t) => t.id)).toEqual([ticket.id]);
    const inside = await search(agent, 'pumpcontrol');
    expect(inside.items.map((t) => t.id)).toEqual([ticket.id]);
    expect(inside.items[0]!.match).toMatchObject({ field: 'description' });
    expect(highlighted(inside.items[0]!)).toEqual(['pumpcontrol']);
  });

  it('ranks subject over description over chat, newest first within each', async () => {
    const inChat = await openTicket(dave, 'First');
    await chat(inChat.id, dave, 'my quokka escaped');
    const inDescription = await openTicket(dave, 'Second', 'About the quokka');
    const inSubject = await openTicket(dave, 'Quokka care');
    const inSubjectNewer = await openTicket(dave, 'Another quokka');
    const { items } = await search(agent, 'quokka');
    expect(items.map((t) => t.id)).toEqual([inSubjectNewer.id, inSubject.id, inDescription.id, inChat.id]);
    expect(items.map((t) => t.match!.field)).toEqual(['subject', 'subject', 'description', 'message']);
  });

  it('pages ranked results with a cursor, without gaps or repeats, and keeps the filters', async () => {
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await openTicket(dave, i % 2 ? `Wombat ${i}` : `Other ${i}`, 'a wombat'));
    await server.api('PATCH', `/tickets/${made[3]!.id}`, { token: agent.token, body: { status: 'RESOLVED' } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: TicketListItemJson[]; nextCursor: string | null } = await search(
        agent,
        'wombat',
        cursor ? `&cursor=${encodeURIComponent(cursor)}` : '',
        2,
      );
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((t) => t.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(new Set(seen).size).toBe(7);
    // Subject matches (1, 3, 5) first, newest first; then the descriptions.
    expect(seen.slice(0, 3)).toEqual([made[5]!.id, made[3]!.id, made[1]!.id]);
    const open = await search(agent, 'wombat', '&status=OPEN');
    expect(open.items.map((t) => t.id)).not.toContain(made[3]!.id);
    expect(open.items).toHaveLength(6);
    // An explicit sort orders the matches by it instead.
    const byNumber = await search(agent, 'wombat', '&sort=number');
    expect(byNumber.items.map((t) => t.id)).toEqual(made.map((t) => t.id));
  });

  it('searches only its own ticket with a portal link (a session scoped to one ticket)', async () => {
    const scoped = await openTicket(dave, 'Platypus one');
    const other = await openTicket(dave, 'Platypus two');
    const user = await server.ctx.db.user.findUniqueOrThrow({ where: { id: dave.id } });
    const link = { ...dave, token: issueToken(server.ctx, user, { ticketScope: scoped.id }).token };
    expect((await search(dave, 'platypus')).items.map((t) => t.id).sort()).toEqual([scoped.id, other.id].sort());
    expect((await search(link, 'platypus')).items.map((t) => t.id)).toEqual([scoped.id]);
    expect((await search(link, `#${other.number}`)).items).toEqual([]);
  });

  it('refuses a cursor of another order, and a search that is too long', async () => {
    const res = await server.api('GET', `/tickets?q=wombat&cursor=${encodeURIComponent(Buffer.from('[1,2]').toString('base64url'))}`, { token: agent.token });
    expect(res.status).toBe(400);
    expect((await server.api('GET', `/tickets?q=${'x'.repeat(201)}`, { token: agent.token })).status).toBe(400);
  });

  it('returns snippet text as plain text, markers and all taken literally', async () => {
    const ticket = await openTicket(dave, 'Script <b>bold</b> \uE000 xylophone');
    const { items } = await search(agent, 'xylophone');
    expect(items.map((t) => t.id)).toEqual([ticket.id]);
    expect(items[0]!.match!.text).toBe('Script <b>bold</b>  xylophone');
    expect(highlighted(items[0]!)).toEqual(['xylophone']);
  });
});
