import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tinyPng } from '../test/fixtures.js';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import type { TicketJson } from '@deskline/contract';
import { appendToTicketStream, subjectFromDescription } from './service.js';

let server: TestServer;
let admin: TestUser;
let admin2: TestUser;
let alice: TestUser;
let bob: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN', 'Agent Smith');
  admin2 = await server.createUser('ADMIN', 'Agent Jones');
  alice = await server.createUser('CUSTOMER', 'Alice');
  bob = await server.createUser('CUSTOMER', 'Bob');
});
afterAll(() => server?.close());

const SORTS = ['-createdAt', 'createdAt', '-updatedAt', 'updatedAt', 'priority', '-priority', 'number', '-number'] as const;
const PRIORITIES = ['LOW', 'MEDIUM', 'HIGH', 'URGENT'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const ELF_HEADER = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.alloc(56)]);

function filePart(bytes: Buffer | string, type = 'application/octet-stream') {
  return new Blob([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], { type });
}

async function openTicket(owner: TestUser, fields: { subject?: string; description?: string; category?: string; priority?: string } = {}) {
  const res = await server.api<TicketJson>('POST', '/tickets', {
    token: owner.token,
    body: { subject: 'Printer on fire', description: 'It is really on fire', category: 'technical', ...fields },
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function patch(ticketId: string, who: TestUser, body: unknown) {
  return server.api<TicketJson>('PATCH', `/tickets/${ticketId}`, { token: who.token, body });
}

/** Every ticket of the list, following nextCursor page by page. */
async function walk(who: TestUser, query: string, limit: number): Promise<TicketJson[]> {
  const seen: TicketJson[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 500; pages++) {
    const res: { status: number; body: { items: TicketJson[]; nextCursor: string | null } } = await server.api(
      'GET',
      `/tickets?${query}${query ? '&' : ''}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      { token: who.token },
    );
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    seen.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (!cursor) return seen;
  }
  throw new Error('pagination did not end');
}

const idsOf = (tickets: { id: string }[]) => tickets.map((t) => t.id);
const idSet = (tickets: { id: string }[]) => new Set(idsOf(tickets));

/** The order the API promises for each sort: the field, then the id, both in the sort's direction. */
function compareFor(sort: (typeof SORTS)[number]) {
  const descending = sort.startsWith('-');
  const field = sort.replace(/^-/, '') as 'createdAt' | 'updatedAt' | 'priority' | 'number';
  const key = (t: TicketJson): number =>
    field === 'priority' ? PRIORITIES.indexOf(t.priority) : field === 'number' ? t.number : Date.parse(t[field]);
  return (a: TicketJson, b: TicketJson) => {
    const byField = key(a) - key(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
    return descending ? -byField : byField;
  };
}

/** Every file below `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)));
}

describe('creating tickets', () => {
  it('creates an OPEN ticket from JSON with defaults, a number from #1001 upward and the customer', async () => {
    const first = await server.api<TicketJson>('POST', '/tickets', {
      token: alice.token,
      body: { subject: '  Cannot log in  ', description: 'The login page spins forever', category: 'technical' },
    });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({
      subject: 'Cannot log in',
      description: 'The login page spins forever',
      status: 'OPEN',
      priority: 'MEDIUM',
      category: { slug: 'technical', name: 'Technical' },
      customer: { id: alice.id, name: alice.name, email: alice.email },
      assignee: null,
      site: null,
      attachments: [],
      unreadCount: 0,
    });
    expect(first.body.id).toEqual(expect.any(String));
    expect(Number.isInteger(first.body.number)).toBe(true);
    expect(first.body.number).toBeGreaterThanOrEqual(1001);
    expect(Date.parse(first.body.createdAt)).not.toBeNaN();
    expect(Date.parse(first.body.updatedAt)).not.toBeNaN();

    const second = await openTicket(bob, { priority: 'URGENT', category: 'billing' });
    expect(second.priority).toBe('URGENT');
    expect(second.category).toEqual({ slug: 'billing', name: 'Billing' });
    expect(second.number).toBeGreaterThan(first.body.number);
    const third = await openTicket(alice);
    expect(third.number).toBeGreaterThan(second.number);

    const fetched = await server.api<TicketJson>('GET', `/tickets/${first.body.id}`, { token: alice.token });
    expect(fetched.body).toEqual(first.body);
  });

  it('creates a ticket from multipart/form-data with attachments typed from their bytes', async () => {
    const png = tinyPng();
    const form = new FormData();
    form.set('subject', 'Screenshot of the error');
    form.set('description', 'See the attached screenshot and log');
    form.set('category', 'bug-report');
    form.set('priority', 'HIGH');
    // The declared types lie; the stored types come from the bytes.
    form.append('attachment', filePart(png, 'application/octet-stream'), 'screen.png');
    form.append('attachment', filePart('12:00 error: disk full\n', 'image/png'), 'server.log');
    const res = await server.api<TicketJson>('POST', '/tickets', { token: alice.token, body: form });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      subject: 'Screenshot of the error',
      priority: 'HIGH',
      status: 'OPEN',
      category: { slug: 'bug-report', name: 'Bug report' },
      customer: { id: alice.id },
    });
    const attachments = [...res.body.attachments].sort((a, b) => a.filename.localeCompare(b.filename));
    expect(attachments).toMatchObject([
      { filename: 'screen.png', mimeType: 'image/png', size: png.length },
      { filename: 'server.log', mimeType: 'text/plain', size: Buffer.byteLength('12:00 error: disk full\n') },
    ]);
    for (const attachment of attachments) {
      expect(attachment.url).toContain(`/api/attachments/${attachment.id}?`);
      const download = await fetch(`${server.url}/api/attachments/${attachment.id}`, { headers: { authorization: `Bearer ${alice.token}` } });
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toBe(attachment.mimeType);
    }
  });

  it('multipart without files and with the default priority works too', async () => {
    const form = new FormData();
    form.set('subject', 'Plain multipart');
    form.set('description', 'No files here');
    form.set('category', 'general');
    const res = await server.api<TicketJson>('POST', '/tickets', { token: bob.token, body: form });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ priority: 'MEDIUM', attachments: [], category: { slug: 'general' } });
  });

  it('refuses a multipart ticket with a disallowed file with 415 and creates nothing', async () => {
    const carol = await server.createUser('CUSTOMER', 'Carol');
    await openTicket(carol);
    const before = await walk(carol, '', 100);
    const filesBefore = filesUnder(server.dataDir);

    const disguisedHtml = '<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>';
    for (const bad of [
      { bytes: disguisedHtml, name: 'cute-cat.png' },
      { bytes: ELF_HEADER, name: 'invoice.pdf' },
    ]) {
      const form = new FormData();
      form.set('subject', 'Please look at this');
      form.set('description', 'Attached');
      form.set('category', 'general');
      // A good file first: it must not be kept either.
      form.append('attachment', filePart(tinyPng()), 'ok.png');
      form.append('attachment', filePart(bad.bytes), bad.name);
      const res = await server.api('POST', '/tickets', { token: carol.token, body: form });
      expect(res.status, bad.name).toBe(415);
      expect(res.body.error.code).toBe('UNSUPPORTED_FILE_TYPE');
    }
    const after = await walk(carol, '', 100);
    expect(idsOf(after)).toEqual(idsOf(before));
    expect(filesUnder(server.dataDir).sort()).toEqual(filesBefore.sort());
  });

  it('refuses more than 10 attachments with 400 and creates nothing', async () => {
    const dora = await server.createUser('CUSTOMER', 'Dora');
    const form = new FormData();
    form.set('subject', 'Many files');
    form.set('description', 'Eleven of them');
    form.set('category', 'general');
    for (let i = 0; i < 11; i++) form.append('attachment', filePart(`note ${i}\n`), `note-${i}.txt`);
    const res = await server.api('POST', '/tickets', { token: dora.token, body: form });
    expect(res.status).toBe(400);
    expect(await walk(dora, '', 100)).toEqual([]);
  });

  it('answers an unknown category slug with 400 on the category field', async () => {
    const res = await server.api('POST', '/tickets', {
      token: alice.token,
      body: { subject: 'Where does this go?', description: 'Unknown category', category: 'no-such-category' },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('VALIDATION_FAILED');
    expect(res.body.error.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: 'category' })]));
  });

  it('validates the fields of a new ticket', async () => {
    const valid = { subject: 'Valid subject', description: 'Valid description', category: 'general' };
    const cases: [unknown, string][] = [
      [{ ...valid, subject: 'ab' }, 'subject'],
      [{ ...valid, subject: 'x'.repeat(201) }, 'subject'],
      [{ ...valid, description: '   ' }, 'description'],
      [{ ...valid, description: 'x'.repeat(10_001) }, 'description'],
      [{ ...valid, priority: 'CRITICAL' }, 'priority'],
      [{ subject: valid.subject }, 'description'],
      [{ ...valid, status: 'CLOSED' }, ''],
    ];
    for (const [body, field] of cases) {
      const res = await server.api('POST', '/tickets', { token: alice.token, body });
      expect(res.status, JSON.stringify(body).slice(0, 80)).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      if (field) expect(res.body.error.details.map((d: { path: string }) => d.path)).toContain(field);
    }
    expect((await server.api('POST', '/tickets', { body: valid })).status).toBe(401);
  });
});

describe('starting by typing', () => {
  const SHOP = 'https://typing.example';

  /** A site with these ticket-form settings, and a visitor of it. */
  async function siteVisitor(settings: { defaultCategory?: string | null; requireTicketForm?: boolean }) {
    const site = await server.api('POST', '/sites', { token: admin.token, body: { name: 'Typing shop', allowedOrigins: [SHOP], ...settings } });
    expect(site.status).toBe(201);
    const session = await server.api('POST', '/widget/session', { body: { siteKey: site.body.siteKey }, headers: { origin: SHOP } });
    expect(session.status).toBe(200);
    return { site: site.body, token: session.body.token as string };
  }

  it('opens a ticket from a description alone: subject from its first line, category general', async () => {
    const res = await server.api<TicketJson>('POST', '/tickets', {
      token: alice.token,
      body: { description: '\n  My  parcel never came  \nOrder 4417, sent two weeks ago.' },
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      subject: 'My parcel never came',
      description: 'My  parcel never came  \nOrder 4417, sent two weeks ago.',
      category: { slug: 'general' },
      priority: 'MEDIUM',
      status: 'OPEN',
    });
  });

  it('cuts a long first line to at most 80 characters at a word boundary, with an ellipsis', () => {
    const long = 'The checkout page shows an error whenever I try to pay with the card that I saved last month';
    const subject = subjectFromDescription(`${long}\nmore`);
    expect(Array.from(subject).length).toBeLessThanOrEqual(80);
    expect(subject).toBe('The checkout page shows an error whenever I try to pay with the card that I…');
    // One unbroken word is cut where it must be; emoji are never split into halves.
    expect(subjectFromDescription('x'.repeat(200))).toBe(`${'x'.repeat(79)}…`);
    expect(subjectFromDescription('😀'.repeat(100))).toBe(`${'😀'.repeat(79)}…`);
    expect(subjectFromDescription('Exactly eighty? '.repeat(5).trim())).toBe('Exactly eighty? '.repeat(5).trim());
    expect(subjectFromDescription('Hi')).toBe('Hi');
  });

  it("files a description-only ticket in the site's default category, and a chosen one wins", async () => {
    const { token } = await siteVisitor({ defaultCategory: 'billing' });
    const typed = await server.api<TicketJson>('POST', '/tickets', { token, body: { description: 'Charged twice' } });
    expect(typed.status).toBe(201);
    expect(typed.body.category.slug).toBe('billing');
    expect(typed.body.subject).toBe('Charged twice');
    const chosen = await server.api<TicketJson>('POST', '/tickets', { token, body: { description: 'Broken', category: 'technical' } });
    expect(chosen.body.category.slug).toBe('technical');
  });

  it('refuses a description alone with 400 naming subject and category when the site requires the full form', async () => {
    const { token } = await siteVisitor({ requireTicketForm: true });
    const bare = await server.api('POST', '/tickets', { token, body: { description: 'Hello?' } });
    expect(bare.status).toBe(400);
    expect(bare.body.error.code).toBe('VALIDATION_FAILED');
    expect(bare.body.error.details.map((d: { path: string }) => d.path)).toEqual(['subject', 'category']);
    const noCategory = await server.api('POST', '/tickets', { token, body: { description: 'Hello?', subject: 'A question' } });
    expect(noCategory.status).toBe(400);
    expect(noCategory.body.error.details.map((d: { path: string }) => d.path)).toEqual(['category']);
    const full = await server.api<TicketJson>('POST', '/tickets', {
      token,
      body: { description: 'Hello?', subject: 'A question', category: 'general' },
    });
    expect(full.status).toBe(201);
    expect(full.body.subject).toBe('A question');
  });

  it('takes a description alone as multipart/form-data too', async () => {
    const form = new FormData();
    form.append('description', 'Screenshot attached');
    form.append('attachment', filePart(tinyPng(), 'image/png'), 'shot.png');
    const res = await server.api<TicketJson>('POST', '/tickets', { token: alice.token, body: form });
    expect(res.status).toBe(201);
    expect(res.body.subject).toBe('Screenshot attached');
    expect(res.body.attachments).toHaveLength(1);
  });
});

describe('listing tickets', () => {
  it('shows customers only their own tickets and admins all of them', async () => {
    const mine = await openTicket(alice, { subject: 'Alice private ticket' });
    const theirs = await openTicket(bob, { subject: 'Bob private ticket' });
    const aliceList = await walk(alice, '', 100);
    expect(aliceList.length).toBeGreaterThan(0);
    expect(aliceList.every((t) => t.customer.id === alice.id)).toBe(true);
    expect(idSet(aliceList).has(mine.id)).toBe(true);
    expect(idSet(aliceList).has(theirs.id)).toBe(false);
    const bobList = await walk(bob, '', 100);
    expect(bobList.every((t) => t.customer.id === bob.id)).toBe(true);

    const adminList = await walk(admin, '', 100);
    expect(idSet(adminList).has(mine.id)).toBe(true);
    expect(idSet(adminList).has(theirs.id)).toBe(true);
    expect(adminList.length).toBe(new Set([...idsOf(adminList)]).size);
    expect(adminList.length).toBeGreaterThanOrEqual(aliceList.length + bobList.length);
  });

  describe('filters', () => {
    let dana: TestUser;
    let invoice: TicketJson;
    let crash: TicketJson;
    let plans: TicketJson;
    let darkMode: TicketJson;

    beforeAll(async () => {
      dana = await server.createUser('CUSTOMER', 'Dana');
      invoice = await openTicket(dana, { subject: 'Invoice is wrong', description: 'Charged twice in May', category: 'billing', priority: 'HIGH' });
      crash = await openTicket(dana, { subject: 'App crashes on start', description: 'Stack trace attached', category: 'technical', priority: 'URGENT' });
      plans = await openTicket(dana, { subject: 'Question about plans', description: 'Which plan includes SSO?', category: 'general', priority: 'LOW' });
      darkMode = await openTicket(dana, { subject: 'Feature: dark mode', description: 'Please', category: 'feature-request' });
      expect((await patch(crash.id, admin, { status: 'IN_PROGRESS', assigneeId: admin2.id })).status).toBe(200);
      expect((await patch(plans.id, admin, { status: 'RESOLVED' })).status).toBe(200);
      expect((await patch(darkMode.id, dana, { status: 'CLOSED' })).status).toBe(200);
      expect((await patch(invoice.id, admin, { assigneeId: admin.id })).status).toBe(200);
    });

    const listIds = async (who: TestUser, query: string) => {
      const res = await server.api('GET', `/tickets?${query}&limit=100`, { token: who.token });
      expect(res.status, query).toBe(200);
      return new Set(idsOf(res.body.items));
    };
    /** Admin lists hold everyone's tickets: keep Dana's. */
    const danasOf = async (query: string) => {
      const all = await walk(admin, query, 100);
      return new Set(all.filter((t) => t.customer.id === dana.id).map((t) => t.id));
    };

    it('filters by one status or a comma-separated list', async () => {
      expect(await listIds(dana, 'status=OPEN')).toEqual(new Set([invoice.id]));
      expect(await listIds(dana, 'status=CLOSED')).toEqual(new Set([darkMode.id]));
      expect(await listIds(dana, 'status=OPEN,IN_PROGRESS')).toEqual(new Set([invoice.id, crash.id]));
      expect(await listIds(dana, 'status=RESOLVED,%20CLOSED')).toEqual(new Set([plans.id, darkMode.id]));
      const adminOpen = await walk(admin, 'status=OPEN,RESOLVED', 100);
      expect(adminOpen.every((t) => t.status === 'OPEN' || t.status === 'RESOLVED')).toBe(true);
      expect((await server.api('GET', '/tickets?status=DONE', { token: dana.token })).status).toBe(400);
      expect((await server.api('GET', '/tickets?status=', { token: dana.token })).status).toBe(400);
    });

    it('filters by priority', async () => {
      expect(await listIds(dana, 'priority=URGENT')).toEqual(new Set([crash.id]));
      expect(await listIds(dana, 'priority=LOW,HIGH')).toEqual(new Set([plans.id, invoice.id]));
      expect(await listIds(dana, 'priority=MEDIUM')).toEqual(new Set([darkMode.id]));
      expect((await server.api('GET', '/tickets?priority=CRITICAL', { token: dana.token })).status).toBe(400);
    });

    it('filters by category slug', async () => {
      expect(await listIds(dana, 'category=billing')).toEqual(new Set([invoice.id]));
      expect(await listIds(dana, 'category=feature-request')).toEqual(new Set([darkMode.id]));
      expect(await listIds(dana, 'category=no-such-category')).toEqual(new Set());
    });

    it('filters by assignee: me, none or an admin id', async () => {
      expect(await danasOf('assignee=me')).toEqual(new Set([invoice.id]));
      expect(await danasOf('assignee=none')).toEqual(new Set([plans.id, darkMode.id]));
      expect(await danasOf(`assignee=${admin2.id}`)).toEqual(new Set([crash.id]));
      const mine = await walk(admin, 'assignee=me', 100);
      expect(mine.every((t) => t.assignee?.id === admin.id)).toBe(true);
      const unassigned = await walk(admin, 'assignee=none', 100);
      expect(unassigned.every((t) => t.assignee === null)).toBe(true);
      // A customer is never anyone's assignee.
      expect(await listIds(dana, 'assignee=me')).toEqual(new Set());
      expect(await listIds(dana, 'assignee=none')).toEqual(new Set([plans.id, darkMode.id]));
      expect((await server.api('GET', '/tickets?assignee=not%20an%20id', { token: admin.token })).status).toBe(400);
    });

    it('combines filters', async () => {
      expect(await listIds(dana, 'status=OPEN,IN_PROGRESS&priority=URGENT')).toEqual(new Set([crash.id]));
      expect(await listIds(dana, 'status=OPEN&category=technical')).toEqual(new Set());
      expect(await danasOf('assignee=none&status=CLOSED')).toEqual(new Set([darkMode.id]));
    });

    it('searches subject and description case-insensitively with q', async () => {
      expect(await listIds(dana, 'q=invoice')).toEqual(new Set([invoice.id]));
      expect(await listIds(dana, 'q=CRASHES')).toEqual(new Set([crash.id]));
      expect(await listIds(dana, 'q=sso')).toEqual(new Set([plans.id]));
      expect(await listIds(dana, 'q=charged%20TWICE')).toEqual(new Set([invoice.id]));
      expect(await listIds(dana, 'q=nothing-like-this')).toEqual(new Set());
      expect(await danasOf('q=Dark%20Mode')).toEqual(new Set([darkMode.id]));
      expect((await server.api('GET', `/tickets?q=${'x'.repeat(201)}`, { token: dana.token })).status).toBe(400);
    });
  });

  it('matches % and _ and backslashes in q literally, not as wildcards', async () => {
    const erin = await server.createUser('CUSTOMER', 'Erin');
    const percent = await openTicket(erin, { subject: 'Charged 100% twice' });
    await openTicket(erin, { subject: 'Charged 1000 twice' });
    const underscore = await openTicket(erin, { subject: 'file_name is too long' });
    await openTicket(erin, { subject: 'fileXname is too long' });
    const backslash = await openTicket(erin, { subject: 'Path C:\\temp\\x fails' });
    await openTicket(erin, { subject: 'Path C:tempx fails' });
    const search = async (q: string) => {
      const res = await server.api('GET', `/tickets?q=${encodeURIComponent(q)}&limit=100`, { token: erin.token });
      expect(res.status, q).toBe(200);
      return new Set(idsOf(res.body.items));
    };
    expect(await search('100%')).toEqual(new Set([percent.id]));
    expect(await search('%')).toEqual(new Set([percent.id]));
    expect(await search('1%0')).toEqual(new Set());
    expect(await search('file_name')).toEqual(new Set([underscore.id]));
    expect(await search('_')).toEqual(new Set([underscore.id]));
    expect(await search('C:\\temp')).toEqual(new Set([backslash.id]));
    expect(await search('\\')).toEqual(new Set([backslash.id]));
  });

  describe('sorting and cursor pagination', () => {
    let frank: TestUser;
    let franks: TicketJson[];

    beforeAll(async () => {
      frank = await server.createUser('CUSTOMER', 'Frank');
      const priorities = ['HIGH', 'LOW', 'URGENT', 'MEDIUM', 'HIGH', 'LOW', 'URGENT', 'HIGH', 'MEDIUM'];
      for (const [i, priority] of priorities.entries()) await openTicket(frank, { subject: `Frank ticket ${i}`, priority });
      // Touch some tickets so that updatedAt order differs from creation order.
      const created = await walk(frank, 'sort=number', 100);
      for (const index of [4, 0, 7, 2]) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        expect((await patch(created[index]!.id, admin, { status: 'IN_PROGRESS' })).status).toBe(200);
      }
      franks = await walk(frank, 'sort=number', 100);
    });

    it('sorts newest first by default', async () => {
      const byDefault = await walk(frank, '', 100);
      expect(idsOf(byDefault)).toEqual(idsOf([...franks].sort(compareFor('-createdAt'))));
      expect(idsOf(byDefault)).toEqual(idsOf(await walk(frank, 'sort=-createdAt', 100)));
    });

    it.each(SORTS)('sorts by %s in the right order', async (sort) => {
      const listed = await walk(frank, `sort=${sort}`, 100);
      expect(listed).toHaveLength(franks.length);
      expect(idsOf(listed)).toEqual(idsOf([...franks].sort(compareFor(sort))));
    });

    it('orders priorities by severity, not alphabetically', async () => {
      const ascending = (await walk(frank, 'sort=priority', 100)).map((t) => t.priority);
      expect([...new Set(ascending)]).toEqual(['LOW', 'MEDIUM', 'HIGH', 'URGENT']);
      const descending = (await walk(frank, 'sort=-priority', 100)).map((t) => t.priority);
      expect([...new Set(descending)]).toEqual(['URGENT', 'HIGH', 'MEDIUM', 'LOW']);
      const numbers = (await walk(frank, 'sort=-number', 100)).map((t) => t.number);
      expect(numbers).toEqual([...numbers].sort((a, b) => b - a));
    });

    it.each(SORTS)('walks every ticket once with small pages sorted by %s', async (sort) => {
      for (const limit of [1, 2, 4]) {
        const paged = await walk(frank, `sort=${sort}`, limit);
        expect(idsOf(paged), `limit=${limit}`).toEqual(idsOf([...franks].sort(compareFor(sort))));
      }
    });

    it('walks all tickets of all customers as an admin without gaps or duplicates', async () => {
      for (const sort of ['-createdAt', '-updatedAt', '-activityAt', 'activityAt', 'priority', '-number'] as const) {
        const onePage = await walk(admin, `sort=${sort}`, 100);
        const paged = await walk(admin, `sort=${sort}`, 3);
        expect(idsOf(paged), sort).toEqual(idsOf(onePage));
        expect(new Set(idsOf(paged)).size).toBe(paged.length);
      }
      const byActivity = (await walk(admin, 'sort=-activityAt', 2)).map((t) => Date.parse(t.activityAt!));
      expect(byActivity).toEqual([...byActivity].sort((a, b) => b - a));
    });

    it('pages through filtered lists', async () => {
      const filtered = await walk(frank, 'priority=HIGH,URGENT&sort=-priority', 2);
      expect(filtered.map((t) => t.priority)).toEqual(['URGENT', 'URGENT', 'HIGH', 'HIGH', 'HIGH']);
    });

    it('sees every existing ticket exactly once while new ones are created concurrently', async () => {
      const gina = await server.createUser('CUSTOMER', 'Gina');
      for (let i = 0; i < 24; i++) await openTicket(gina, { subject: `Existing ${i}`, priority: PRIORITIES[i % 4] });
      const existing = await walk(gina, 'sort=number', 100);
      expect(existing).toHaveLength(24);

      let creating = true;
      const created = Promise.all(
        Array.from({ length: 24 }, (_, i) => openTicket(gina, { subject: `Concurrent ${i}`, priority: PRIORITIES[(i + 1) % 4] })),
      ).finally(() => (creating = false));
      const runs: TicketJson[][] = [];
      for (const sort of ['-createdAt', '-number', '-priority']) runs.push(await walk(gina, `sort=${sort}`, 3));
      const newestFirst = runs[0]!;
      await created;
      expect(creating).toBe(false);

      for (const [i, seen] of runs.entries()) {
        expect(new Set(idsOf(seen)).size, `run ${i}`).toBe(seen.length);
        const seenIds = new Set(idsOf(seen));
        for (const t of existing) expect(seenIds.has(t.id), `run ${i}: ${t.subject}`).toBe(true);
      }
      // Newest-first paging never goes back to a ticket newer than one it has already passed.
      const cmp = compareFor('-createdAt');
      for (let i = 1; i < newestFirst.length; i++) expect(cmp(newestFirst[i - 1]!, newestFirst[i]!)).toBeLessThan(0);
      expect(await walk(gina, '', 100)).toHaveLength(48);
    });

    it('moves a ticket with a new chat message to the top of -updatedAt', async () => {
      const hana = await server.createUser('CUSTOMER', 'Hana');
      const older = await openTicket(hana, { subject: 'Older ticket' });
      await openTicket(hana, { subject: 'Newer ticket' });
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect((await server.api('POST', `/tickets/${older.id}/messages`, { token: admin.token, body: { body: 'Any news?' } })).status).toBe(201);
      const listed = await walk(hana, 'sort=-updatedAt', 1);
      expect(listed.map((t) => t.subject)).toEqual(['Older ticket', 'Newer ticket']);
      expect(Date.parse(listed[0]!.updatedAt)).toBeGreaterThan(Date.parse(older.updatedAt));
      expect(Date.parse(listed[0]!.updatedAt)).toBeLessThanOrEqual(Date.now() + 1000);
    });

    it('refuses a malformed cursor, a cursor of another sort and limits out of range with 400', async () => {
      const first = await server.api('GET', '/tickets?sort=-priority&limit=2', { token: frank.token });
      const priorityCursor = first.body.nextCursor as string;
      expect(priorityCursor).toEqual(expect.any(String));
      const numberCursor = (await server.api('GET', '/tickets?sort=number&limit=2', { token: frank.token })).body.nextCursor as string;
      for (const query of [
        'cursor=not-a-cursor',
        `cursor=${Buffer.from('{"a":1}').toString('base64url')}`,
        `cursor=${Buffer.from('["x"]').toString('base64url')}`,
        `cursor=${Buffer.from('[1,2]').toString('base64url')}`,
        `sort=createdAt&cursor=${priorityCursor}`,
        `sort=-number&cursor=${priorityCursor}`,
        `sort=-createdAt&cursor=${numberCursor}`,
        `sort=priority&cursor=${numberCursor}`,
        'limit=101',
        'limit=0',
        'limit=-1',
        'limit=abc',
        'sort=subject',
      ]) {
        const res = await server.api('GET', `/tickets?${query}`, { token: frank.token });
        expect(res.status, query).toBe(400);
        expect(res.body.error.code).toBe('VALIDATION_FAILED');
      }
      expect((await server.api('GET', '/tickets?limit=100', { token: frank.token })).status).toBe(200);
    });

    it('answers 400, not 500, to crafted cursors whose values do not fit the sort column', async () => {
      const crafted = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');
      const id = (await server.api('GET', '/tickets?limit=1', { token: frank.token })).body.items[0].id as string;
      for (const [sort, values] of [
        ['-number', [1e20, 'x']],
        ['number', [2 ** 31, id]],
        ['number', [-1, id]],
        ['number', [1.5, id]],
        ['number', [5, 'not an id!']],
        ['number', [5, 'x'.repeat(65)]],
        ['number', [5, id, 'extra']],
        ['-createdAt', ['+275760-09-13T00:00:00.000Z', id]],
        ['-createdAt', ['2026-13-45T00:00:00.000Z', id]],
        ['-createdAt', ['2026-01-01', id]],
        ['updatedAt', ['-010000-01-01T00:00:00.000Z', id]],
        ['updatedAt', [0, id]],
        ['priority', ['SEVERE', id]],
        ['priority', ['HIGH', 7]],
      ] as const) {
        const query = `sort=${sort}&cursor=${crafted([...values])}`;
        const res = await server.api('GET', `/tickets?${query}`, { token: frank.token });
        expect(res.status, `${query} ${JSON.stringify(values)}`).toBe(400);
        expect(res.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'query.cursor' }] });
      }
      // A well-formed cursor of the same shape still pages.
      expect((await server.api('GET', `/tickets?sort=-number&cursor=${crafted([2_147_483_647, id])}`, { token: frank.token })).status).toBe(200);
    });

    it('returns a page of the requested size with a cursor, and none after the last', async () => {
      const page = await server.api('GET', '/tickets?limit=4', { token: frank.token });
      expect(page.body.items).toHaveLength(4);
      expect(page.body.nextCursor).toEqual(expect.any(String));
      const all = await server.api('GET', `/tickets?limit=${franks.length}`, { token: frank.token });
      expect(all.body.items).toHaveLength(franks.length);
      expect(all.body.nextCursor).toBeNull();
      const defaultLimit = await server.api('GET', '/tickets', { token: admin.token });
      expect(defaultLimit.body.items.length).toBeLessThanOrEqual(20);
    });
  });
});

describe('getting a ticket', () => {
  it("answers 404 with the same body for a missing ticket and another customer's", async () => {
    const ticket = await openTicket(alice);
    const missing = await server.api('GET', '/tickets/01900000-0000-7000-8000-000000000000', { token: bob.token });
    const notYours = await server.api('GET', `/tickets/${ticket.id}`, { token: bob.token });
    expect(missing.status).toBe(404);
    expect(notYours.status).toBe(404);
    expect(notYours.body).toEqual(missing.body);
    expect(notYours.body.error.code).toBe('NOT_FOUND');
    expect(JSON.stringify(notYours.body)).not.toContain(ticket.id);
    expect((await server.api('GET', '/tickets/..%2F..%2Fetc', { token: bob.token })).status).toBe(404);
  });

  it('lets the owner and any admin see a ticket, and nobody without a token', async () => {
    const ticket = await openTicket(alice);
    const asOwner = await server.api<TicketJson>('GET', `/tickets/${ticket.id}`, { token: alice.token });
    expect(asOwner.status).toBe(200);
    const asAdmin = await server.api<TicketJson>('GET', `/tickets/${ticket.id}`, { token: admin2.token });
    expect(asAdmin.status).toBe(200);
    expect(asAdmin.body).toMatchObject({ id: ticket.id, customer: { id: alice.id, name: 'Alice', email: alice.email } });
    expect((await server.api('GET', `/tickets/${ticket.id}`)).status).toBe(401);
  });
});

describe('changing a ticket', () => {
  it('lets the owner change subject, description, category and priority', async () => {
    const ticket = await openTicket(alice);
    const res = await patch(ticket.id, alice, { subject: 'Printer is smoking', description: 'Now only smoke', category: 'billing', priority: 'LOW' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      id: ticket.id,
      number: ticket.number,
      subject: 'Printer is smoking',
      description: 'Now only smoke',
      category: { slug: 'billing', name: 'Billing' },
      priority: 'LOW',
      status: 'OPEN',
    });
    expect(Date.parse(res.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(ticket.updatedAt));
    expect((await server.api('GET', `/tickets/${ticket.id}`, { token: alice.token })).body).toEqual(res.body);
  });

  it('lets the owner close their ticket but set no other status', async () => {
    const ticket = await openTicket(alice);
    for (const status of ['IN_PROGRESS', 'RESOLVED', 'OPEN']) {
      const res = await patch(ticket.id, alice, { status });
      expect(res.status, status).toBe(403);
      expect((res.body as any).error.code).toBe('FORBIDDEN');
    }
    const closed = await patch(ticket.id, alice, { status: 'CLOSED' });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe('CLOSED');
    // Reopening is the support team's call.
    expect((await patch(ticket.id, alice, { status: 'OPEN' })).status).toBe(403);
  });

  it('refuses an assigneeId from a customer with 403 and changes nothing', async () => {
    const ticket = await openTicket(alice);
    for (const assigneeId of [admin.id, null]) {
      const res = await patch(ticket.id, alice, { subject: 'Sneaky change', assigneeId });
      expect(res.status).toBe(403);
    }
    const after = await server.api<TicketJson>('GET', `/tickets/${ticket.id}`, { token: alice.token });
    expect(after.body.subject).toBe(ticket.subject);
    expect(after.body.assignee).toBeNull();
  });

  it('lets an admin set any status and assign to an admin or nobody', async () => {
    const ticket = await openTicket(alice);
    for (const status of ['IN_PROGRESS', 'RESOLVED', 'CLOSED', 'OPEN'] as const) {
      const res = await patch(ticket.id, admin, { status });
      expect(res.status, status).toBe(200);
      expect(res.body.status).toBe(status);
    }
    const assigned = await patch(ticket.id, admin, { assigneeId: admin2.id });
    expect(assigned.status).toBe(200);
    expect(assigned.body.assignee).toEqual({ id: admin2.id, name: admin2.name });
    const owner = await server.api<TicketJson>('GET', `/tickets/${ticket.id}`, { token: alice.token });
    expect(owner.body.assignee).toEqual({ id: admin2.id, name: admin2.name });
    const unassigned = await patch(ticket.id, admin, { assigneeId: null });
    expect(unassigned.status).toBe(200);
    expect(unassigned.body.assignee).toBeNull();
    const edited = await patch(ticket.id, admin2, { subject: 'Edited by support', priority: 'URGENT', category: 'general' });
    expect(edited.body).toMatchObject({ subject: 'Edited by support', priority: 'URGENT', category: { slug: 'general' } });
  });

  it('refuses to assign a ticket to a customer, an unknown user or a disabled admin with 400', async () => {
    const ticket = await openTicket(alice);
    const disabled = await server.createUser('ADMIN', 'Former agent');
    await server.ctx.db.user.update({ where: { id: disabled.id }, data: { disabled: true } });
    for (const assigneeId of [bob.id, alice.id, '01900000-0000-7000-8000-000000000000', disabled.id]) {
      const res = await patch(ticket.id, admin, { assigneeId });
      expect(res.status, assigneeId).toBe(400);
      expect((res.body as any).error.details).toEqual([expect.objectContaining({ path: 'assigneeId' })]);
    }
    expect((await server.api<TicketJson>('GET', `/tickets/${ticket.id}`, { token: admin.token })).body.assignee).toBeNull();
  });

  it('refuses to edit a CLOSED ticket with 409 TICKET_CLOSED until it is reopened', async () => {
    const ticket = await openTicket(alice);
    expect((await patch(ticket.id, alice, { status: 'CLOSED' })).status).toBe(200);
    for (const [who, body] of [
      [alice, { subject: 'Edited after closing' }],
      [alice, { description: 'Edited after closing' }],
      [alice, { category: 'billing' }],
      [alice, { priority: 'HIGH' }],
      [admin, { subject: 'Edited after closing' }],
      [admin, { subject: 'Edited after closing', status: 'CLOSED' }],
    ] as const) {
      const res = await patch(ticket.id, who, body);
      expect(res.status, JSON.stringify(body)).toBe(409);
      expect((res.body as any).error.code).toBe('TICKET_CLOSED');
    }
    expect((await server.api<TicketJson>('GET', `/tickets/${ticket.id}`, { token: alice.token })).body.subject).toBe(ticket.subject);

    const reopened = await patch(ticket.id, admin, { status: 'OPEN', subject: 'Reopened and edited', priority: 'HIGH' });
    expect(reopened.status).toBe(200);
    expect(reopened.body).toMatchObject({ status: 'OPEN', subject: 'Reopened and edited', priority: 'HIGH' });
    expect((await patch(ticket.id, alice, { subject: 'Owner edits again' })).status).toBe(200);
  });

  it('lets the owner edit and close in one request', async () => {
    const ticket = await openTicket(alice);
    const res = await patch(ticket.id, alice, { subject: 'Solved it myself', status: 'CLOSED' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ subject: 'Solved it myself', status: 'CLOSED' });
  });

  it("answers 404 to customer B changing customer A's ticket", async () => {
    const ticket = await openTicket(alice);
    for (const body of [{ subject: 'Hijacked' }, { status: 'CLOSED' }, { assigneeId: admin.id }]) {
      const res = await patch(ticket.id, bob, body);
      expect(res.status, JSON.stringify(body)).toBe(404);
    }
    const after = await server.api<TicketJson>('GET', `/tickets/${ticket.id}`, { token: alice.token });
    expect(after.body).toMatchObject({ subject: ticket.subject, status: 'OPEN' });
    expect((await patch('01900000-0000-7000-8000-000000000000', admin, { subject: 'Nobody' })).status).toBe(404);
  });

  it('refuses an empty body, unknown keys and invalid values with 400', async () => {
    const ticket = await openTicket(alice);
    for (const body of [
      {},
      { number: 5 },
      { customerId: bob.id },
      { subject: 'Fine', unknown: true },
      { subject: 'ab' },
      { description: '' },
      { priority: 'CRITICAL' },
      { status: 'DONE' },
      { category: 'no-such-category' },
      { assigneeId: 'not an id' },
    ]) {
      const res = await patch(ticket.id, admin, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((res.body as any).error.code).toBe('VALIDATION_FAILED');
    }
    const categoryError = await patch(ticket.id, alice, { category: 'no-such-category' });
    expect((categoryError.body as any).error.details).toEqual([expect.objectContaining({ path: 'category' })]);
    const malformed = await server.api('PATCH', `/tickets/${ticket.id}`, {
      token: alice.token,
      raw: '{"subject":',
      headers: { 'content-type': 'application/json' },
    });
    expect(malformed.status).toBe(400);
  });
});

describe('deleting a ticket', () => {
  it('lets the owner delete their ticket with 204', async () => {
    const ticket = await openTicket(alice);
    const res = await server.api('DELETE', `/tickets/${ticket.id}`, { token: alice.token });
    expect(res.status).toBe(204);
    expect((await server.api('GET', `/tickets/${ticket.id}`, { token: alice.token })).status).toBe(404);
    expect((await server.api('GET', `/tickets/${ticket.id}`, { token: admin.token })).status).toBe(404);
    expect((await server.api('DELETE', `/tickets/${ticket.id}`, { token: alice.token })).status).toBe(404);
  });

  it("lets an admin delete anyone's ticket with 204", async () => {
    const ticket = await openTicket(bob);
    expect((await server.api('DELETE', `/tickets/${ticket.id}`, { token: admin.token })).status).toBe(204);
    expect((await server.api('GET', `/tickets/${ticket.id}`, { token: bob.token })).status).toBe(404);
  });

  it("answers 404 to customer B deleting customer A's ticket and keeps it", async () => {
    const ticket = await openTicket(alice);
    expect((await server.api('DELETE', `/tickets/${ticket.id}`, { token: bob.token })).status).toBe(404);
    expect((await server.api('DELETE', `/tickets/${ticket.id}`)).status).toBe(401);
    expect((await server.api('GET', `/tickets/${ticket.id}`, { token: alice.token })).status).toBe(200);
  });

  it('answers concurrent deletes and changes of one ticket with 204, 200 or 404, never an error', async () => {
    for (let round = 0; round < 5; round++) {
      const ticket = await openTicket(alice);
      const results = await Promise.all([
        server.api('DELETE', `/tickets/${ticket.id}`, { token: alice.token }),
        patch(ticket.id, admin, { status: 'IN_PROGRESS', subject: 'Racing edit' }),
        server.api('DELETE', `/tickets/${ticket.id}`, { token: admin.token }),
        patch(ticket.id, alice, { priority: 'HIGH' }),
      ]);
      const [firstDelete, , secondDelete] = results;
      expect([firstDelete!.status, secondDelete!.status].sort()).toEqual([204, 404]);
      for (const res of results) expect([200, 204, 404], JSON.stringify(res.body)).toContain(res.status);
      expect((await server.api('GET', `/tickets/${ticket.id}`, { token: admin.token })).status).toBe(404);
    }
  });

  it('removes its comments, messages, attachments and their files', async () => {
    const form = new FormData();
    form.set('subject', 'Ticket with everything');
    form.set('description', 'Files, chat and notes');
    form.set('category', 'technical');
    form.append('attachment', filePart(tinyPng()), 'one.png');
    form.append('attachment', filePart('some notes\n'), 'two.txt');
    const created = await server.api<TicketJson>('POST', '/tickets', { token: alice.token, body: form });
    expect(created.status).toBe(201);
    const ticket = created.body;
    const adminUpload = new FormData();
    adminUpload.append('file', filePart('from support\n'), 'three.txt');
    const third = await server.api('POST', `/tickets/${ticket.id}/attachments`, { token: admin.token, body: adminUpload });
    expect(third.status).toBe(201);
    const attachmentIds = [...ticket.attachments.map((a) => a.id), third.body.id as string];

    expect((await server.api('POST', `/tickets/${ticket.id}/messages`, { token: alice.token, body: { body: 'hello' } })).status).toBe(201);
    expect((await server.api('POST', `/tickets/${ticket.id}/messages`, { token: admin.token, body: { body: 'hi there' } })).status).toBe(201);
    await appendToTicketStream(server.ctx, ticket.id, { staffReply: true, refuseWhenClosed: false, internal: true }, (tx, seq) =>
      tx.comment.create({ data: { ticketId: ticket.id, authorId: admin.id, body: 'Internal note', internal: true, seq } }),
    );

    const rows = await server.ctx.db.attachment.findMany({ where: { ticketId: ticket.id } });
    expect(rows).toHaveLength(3);
    const uploads = path.join(server.dataDir, 'uploads');
    const storedFiles = rows.map((row) => path.join(uploads, row.storageKey.slice(0, 2), row.storageKey));
    for (const file of storedFiles) expect(existsSync(file)).toBe(true);
    expect(await server.ctx.db.comment.count({ where: { ticketId: ticket.id } })).toBe(1);
    expect(await server.ctx.db.message.count({ where: { ticketId: ticket.id } })).toBe(2);

    expect((await server.api('DELETE', `/tickets/${ticket.id}`, { token: alice.token })).status).toBe(204);

    for (const id of attachmentIds) {
      expect((await server.api('GET', `/attachments/${id}`, { token: admin.token })).status).toBe(404);
    }
    const signedPath = new URL(ticket.attachments[0]!.url);
    expect((await fetch(`${server.url}${signedPath.pathname}${signedPath.search}`)).status).toBe(404);
    expect((await server.api('GET', `/tickets/${ticket.id}/messages`, { token: alice.token })).status).toBe(404);
    expect(await server.ctx.db.attachment.count({ where: { ticketId: ticket.id } })).toBe(0);
    expect(await server.ctx.db.comment.count({ where: { ticketId: ticket.id } })).toBe(0);
    expect(await server.ctx.db.message.count({ where: { ticketId: ticket.id } })).toBe(0);
    for (const file of storedFiles) expect(existsSync(file), file).toBe(false);
    const remaining = filesUnder(uploads).map((f) => path.basename(f));
    for (const row of rows) expect(remaining).not.toContain(row.storageKey);
    // Whatever is left in storage belongs to attachments that still exist.
    const liveKeys = new Set((await server.ctx.db.attachment.findMany({ select: { storageKey: true } })).map((a) => a.storageKey));
    for (const key of remaining) {
      expect(key).toMatch(UUID);
      expect(liveKeys.has(key)).toBe(true);
    }
  });
});

describe('searching tickets by number and customer', () => {
  it('finds a ticket by #number, and admins find tickets by customer name or email', async () => {
    const zed = await server.createUser('CUSTOMER', 'Zebedee Quartermain');
    const ticket = await openTicket(zed, { subject: 'Nothing searchable here' });
    const byNumber = await server.api('GET', `/tickets?q=${encodeURIComponent(`#${ticket.number}`)}`, { token: zed.token });
    expect(byNumber.body.items.map((t: { id: string }) => t.id)).toEqual([ticket.id]);
    const byName = await server.api('GET', '/tickets?q=quartermain', { token: admin.token });
    expect(byName.body.items.map((t: { id: string }) => t.id)).toEqual([ticket.id]);
    const byEmail = await server.api('GET', `/tickets?q=${encodeURIComponent(zed.email)}`, { token: admin.token });
    expect(byEmail.body.items.map((t: { id: string }) => t.id)).toEqual([ticket.id]);
    // Another customer searching the number finds nothing of Zebedee's.
    const other = await server.api('GET', `/tickets?q=${ticket.number}`, { token: bob.token });
    expect(other.body.items).toEqual([]);
  });
});
