// A realistic support desk for the screenshots: a team, customers, tickets in every state, a chat
// and notes on one ticket, and a site. Seeded through the API, then aged (timestamps moved into the
// past directly in the stopped server's embedded database) so the console shows a lived-in day.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import path from 'node:path';
import { apiClient, type Account, type Api } from './fixtures';
import { minimalPdf, receiptPng } from './media';
import { ADMIN, startServer, type RunningServer } from './server';

interface TicketSeed {
  customer: string;
  subject: string;
  description: string;
  category: string;
  priority: 'LOW' | 'MEDIUM' | 'HIGH' | 'URGENT';
  status?: 'OPEN' | 'IN_PROGRESS' | 'RESOLVED' | 'CLOSED';
  assignee?: 'Alex' | 'Nora' | 'Sam';
  /** Minutes ago it was opened, and last changed. */
  age: number;
  updated: number;
  unread?: string[];
  viaSite?: boolean;
}

const TICKETS: TicketSeed[] = [
  { customer: 'Lucas Moreau', subject: 'Export to CSV drops accented characters', description: 'Names like “Müller” or “José” come out garbled when I export the customer list to CSV and open it in Excel.', category: 'technical', priority: 'MEDIUM', status: 'RESOLVED', assignee: 'Sam', age: 8640, updated: 2900 },
  { customer: 'Sofia Rossi', subject: 'Feature idea: dark mode for the dashboard', description: 'We work late shifts and the bright dashboard is tiring. A dark theme would be lovely.', category: 'feature-request', priority: 'LOW', age: 7200, updated: 7100 },
  { customer: 'Daniel Okafor', subject: 'Password reset email never arrives', description: 'I requested a reset link four times today. Nothing in inbox or spam (Outlook).', category: 'technical', priority: 'HIGH', status: 'IN_PROGRESS', assignee: 'Nora', age: 4300, updated: 190 },
  { customer: 'Emma Lindqvist', subject: 'Invoice shows the wrong VAT number', description: 'Our March invoice lists SE556677889901 but our VAT number is SE556677889902. Our accountant needs a corrected copy.', category: 'billing', priority: 'MEDIUM', assignee: 'Alex', age: 2900, updated: 1500 },
  { customer: 'Jonas Berg', subject: 'Parcel marked delivered but never arrived', description: 'Tracking says delivered on Tuesday at 14:02, but nothing came and the neighbours have nothing either.', category: 'shipping', priority: 'HIGH', age: 1500, updated: 1210 },
  { customer: 'Priya Raman', subject: 'API returns 502 on uploads over 20 MB', description: 'POST /v2/files fails with a 502 from your edge for any file above ~20 MB since yesterday. Smaller files are fine.', category: 'bug-report', priority: 'URGENT', status: 'IN_PROGRESS', assignee: 'Sam', age: 1210, updated: 12, unread: ['Any update? Our nightly import is blocked.', 'Request id from the last failure: 7f3c9a2e'] },
  { customer: 'Tom Becker', subject: 'How do I add a second admin to our account?', description: 'My colleague needs access to billing settings too.', category: 'general', priority: 'LOW', status: 'CLOSED', assignee: 'Nora', age: 1080, updated: 960 },
  { customer: 'Hannah Cohen', subject: 'Checkout button does nothing on Safari', description: 'On Safari 17 (macOS) clicking “Pay now” does nothing. Chrome works. Console shows a CSP error.', category: 'bug-report', priority: 'URGENT', age: 185, updated: 180, viaSite: true },
  { customer: 'Aiko Tanaka', subject: 'Change the delivery address on order #48102', description: 'I moved last week — could you send order #48102 to Lindenstraße 12, 10969 Berlin instead?', category: 'shipping', priority: 'MEDIUM', assignee: 'Alex', age: 130, updated: 25, unread: ['The new postcode is 10969, just to be sure!'], viaSite: true },
  { customer: 'Maya Patel', subject: 'Charged twice for order #48213', description: 'Hi, I placed order #48213 yesterday evening and my card statement shows two charges of €86.40 a minute apart. I only received one confirmation email.\n\nA screenshot of my banking app and the order confirmation are attached. Could you refund the duplicate?', category: 'billing', priority: 'HIGH', status: 'IN_PROGRESS', assignee: 'Alex', age: 58, updated: 2, viaSite: true },
  { customer: 'Oliver Grant', subject: 'Discount code SPRING24 not accepted', description: 'The code from your newsletter says “expired” but the email says it is valid until the end of the month.', category: 'billing', priority: 'MEDIUM', age: 41, updated: 40 },
  { customer: 'Léa Dubois', subject: "Where can I download last year's invoices?", description: 'I need all invoices from 2025 for our audit.', category: 'general', priority: 'LOW', status: 'RESOLVED', assignee: 'Nora', age: 33, updated: 9 },
  { customer: 'Ravi Shah', subject: 'Webhook signature verification fails', description: 'Every webhook fails our HMAC check since we rotated the secret this morning. Are old secrets cached on your side?', category: 'technical', priority: 'HIGH', age: 14, updated: 14 },
];

export interface Showcase {
  server: RunningServer;
  api: Api;
  admin: Account;
  featuredId: string;
  siteId: string;
  maya: Account;
  /** A ticket the screenshot opens live, while the inbox is on screen. */
  openLiveTicket(): Promise<void>;
  stop(): Promise<void>;
}

export async function startShowcase(): Promise<Showcase> {
  let server = await startServer({ logName: 'showcase' });
  let api = apiClient(server.url);
  const call = async <T = any>(method: string, url: string, options: Parameters<Api>[2] = {}) => {
    const res = await api<T>(method, url, options);
    if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const login = (email: string, password: string) => call<Account>('POST', '/auth/login', { body: { email, password } });
  const root = await login(ADMIN.email, ADMIN.password);
  await call('PATCH', `/users/${root.user.id}`, { token: root.token, body: { name: 'Alex Morgan' } });
  const team: Record<string, Account> = { Alex: await login(ADMIN.email, ADMIN.password) };
  for (const [key, name] of [['Nora', 'Nora Quinn'], ['Sam', 'Sam Rivera']] as const) {
    const email = `${key.toLowerCase()}@acme-support.example`;
    await call('POST', '/users', { token: root.token, body: { name, email, password: 'team-password', role: 'ADMIN' } });
    team[key] = await login(email, 'team-password');
    // A password an admin gave must be replaced before anything else; this token stays valid.
    await call('POST', '/auth/password', { token: team[key]!.token, body: { currentPassword: 'team-password', newPassword: 'own-team-password' } });
  }
  await call('POST', '/categories', { token: root.token, body: { name: 'Shipping', description: 'Deliveries, tracking and returns.' } });
  const site = await call('POST', '/sites', {
    token: root.token,
    body: {
      name: 'Acme Store',
      allowedOrigins: ['https://www.acme-store.example', 'https://*.acme-store.example'],
      theme: { color: '#0f766e', position: 'right', greeting: 'Hi! Questions about an order? We usually reply within minutes.' },
    },
  });
  await call('POST', '/sites', { token: root.token, body: { name: 'Acme Help Center', allowedOrigins: ['https://help.acme.example'] } });
  const labels: { id: string }[] = [];
  for (const [name, color] of [['VIP', '#be123c'], ['Refund', '#0f766e'], ['Bug', '#b45309'], ['Follow-up', '#4f46e5']] as const) {
    labels.push(await call('POST', '/labels', { token: root.token, body: { name, color } }));
  }
  for (const [title, body, shared] of [
    ['Refund on its way', 'Hi {{customer.name}}, the refund for ticket #{{ticket.number}} is on its way: allow 5–10 business days. {{agent.name}}', true],
    ['Tracking link', 'Hi {{customer.name}}, here is your tracking link. Let us know if the parcel is not with you in three days.', true],
    ['Need more details', 'Could you send a screenshot of what you see? It helps us find the cause faster.', false],
  ] as const) {
    await call('POST', '/saved-replies', { token: root.token, body: { title, body, shared } });
  }

  const customers = new Map<string, Account>();
  const customerFor = async (seed: TicketSeed): Promise<Account> => {
    const known = customers.get(seed.customer);
    if (known) return known;
    const email = `${seed.customer.toLowerCase().normalize('NFD').replace(/[^a-z ]/g, '').replace(/ /g, '.')}@example.com`;
    const account = seed.viaSite
      ? await widgetVisitor(server.url, site.siteKey, seed.customer, email)
      : await call<Account>('POST', '/auth/register', { body: { name: seed.customer, email, password: 'customer-password' } });
    customers.set(seed.customer, account);
    return account;
  };

  const ids: string[] = [];
  let featuredId = '';
  for (const seed of TICKETS) {
    const customer = await customerFor(seed);
    let ticket;
    if (seed.subject.startsWith('Charged twice')) {
      const form = new FormData();
      form.set('subject', seed.subject);
      form.set('description', seed.description);
      form.set('category', seed.category);
      form.set('priority', seed.priority);
      form.append('attachment', new Blob([new Uint8Array(receiptPng())], { type: 'image/png' }), 'bank-statement.png');
      form.append('attachment', new Blob([new Uint8Array(minimalPdf())], { type: 'application/pdf' }), 'order-48213-confirmation.pdf');
      ticket = await call('POST', '/tickets', { token: customer.token, form });
      featuredId = ticket.id;
    } else {
      ticket = await call('POST', '/tickets', { token: customer.token, body: { subject: seed.subject, description: seed.description, category: seed.category, priority: seed.priority } });
    }
    ids.push(ticket.id);
    const patch: Record<string, unknown> = {};
    if (seed.assignee) patch.assigneeId = team[seed.assignee]!.user.id;
    if (seed.status && seed.status !== 'OPEN') patch.status = seed.status;
    if (Object.keys(patch).length) await call('PATCH', `/tickets/${ticket.id}`, { token: root.token, body: patch });
    if (seed.assignee) {
      await call('POST', `/tickets/${ticket.id}/comments`, { token: team[seed.assignee]!.token, body: { body: 'Thanks for reaching out — I am looking into this now.' } });
    }
    for (const body of seed.unread ?? []) await call('POST', `/tickets/${ticket.id}/messages`, { token: customer.token, body: { body } });
  }

  for (const [index, picks] of [[0, [0, 1]], [1, [2]], [3, [3]], [4, [0]]] as const) {
    if (ids[index]) await call('PATCH', `/tickets/${ids[index]}`, { token: root.token, body: { labels: picks.map((i) => labels[i]!.id) } });
  }

  // The featured ticket: a conversation with replies, private notes and a live chat.
  const maya = customers.get('Maya Patel')!;
  const alex = team.Alex!;
  const nora = team.Nora!;
  const say = (account: Account, body: string) => call('POST', `/tickets/${featuredId}/messages`, { token: account.token, body: { body } });
  const comment = (account: Account, body: string, internal = false) => call('POST', `/tickets/${featuredId}/comments`, { token: account.token, body: { body, internal } });
  await comment(nora, 'Stripe shows a duplicate capture from a retried webhook (evt_3P9x…). The second charge is safe to refund; the first one is tied to the shipment.', true);
  await comment(alex, 'Refund of €86.40 issued. Refunds take 5–10 business days; keeping this open until Maya confirms.', true);
  const question = await say(maya, 'Hi! Just checking in — did you find out what happened?');
  await call('POST', `/tickets/${featuredId}/read`, { token: alex.token, body: { upTo: question.id } });
  await say(alex, 'Hi Maya, yes: our payment provider captured the payment twice after a retry. I have refunded the duplicate €86.40.');
  const last = await say(alex, 'You will see it on your statement within 5–10 business days.');
  await call('POST', `/tickets/${featuredId}/read`, { token: maya.token, body: { upTo: last.id } });
  await say(maya, 'That’s great, thank you! Will it go back to the same card?');

  // Age everything: stop the server, move timestamps into the past, start it again on the same data.
  await server.stop({ keepData: true });
  await ageTickets(server.dataDir, ids, featuredId);
  const dataDir = server.dataDir;
  server = await startServer({ dataDir, logName: 'showcase' });
  api = apiClient(server.url);
  const admin = (await api<Account>('POST', '/auth/login', { body: { email: ADMIN.email, password: ADMIN.password } })).body;

  return {
    server,
    api,
    admin,
    featuredId,
    siteId: site.id,
    maya,
    async openLiveTicket() {
      const grace = await api<Account>('POST', '/auth/register', { body: { name: 'Grace Kim', email: 'grace.kim@example.com', password: 'customer-password' } });
      await api('POST', '/tickets', {
        token: grace.body.token,
        body: { subject: 'Order arrived damaged', description: 'The box was crushed and the mug inside is broken.', category: 'shipping', priority: 'MEDIUM' },
      });
    },
    stop: () => server.stop(),
  };
}

async function widgetVisitor(url: string, siteKey: string, name: string, email: string): Promise<Account> {
  const response = await fetch(`${url}/api/widget/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: 'https://www.acme-store.example' },
    body: JSON.stringify({ siteKey, name, email }),
  });
  if (!response.ok) throw new Error(`widget session: ${response.status} ${await response.text()}`);
  return (await response.json()) as Account;
}

async function ageTickets(dataDir: string, ids: string[], featuredId: string) {
  // The database carries the search's trigram indexes: it opens only with their extension loaded.
  const db = new PGlite(path.join(dataDir, 'db'), { extensions: { pg_trgm } });
  try {
    for (const [index, id] of ids.entries()) {
      const seed = TICKETS[index]!;
      await db.query(`UPDATE "Ticket" SET "createdAt" = now() - make_interval(mins => $2), "updatedAt" = now() - make_interval(mins => $3), "activityAt" = now() - make_interval(mins => $3) WHERE "id" = $1`, [id, seed.age, seed.updated]);
      await db.query(`UPDATE "Attachment" SET "createdAt" = now() - make_interval(mins => $2) WHERE "ticketId" = $1`, [id, seed.age]);
      if (id === featuredId) continue;
      // Activity lands between opening and the last change, in order.
      await db.query(
        `UPDATE "Comment" SET "createdAt" = now() - make_interval(mins => $2) + make_interval(secs => "seq"), "updatedAt" = now() - make_interval(mins => $2) WHERE "ticketId" = $1`,
        [id, Math.max(seed.updated, Math.round(seed.age * 0.6))],
      );
      await db.query(`UPDATE "Message" SET "createdAt" = now() - make_interval(mins => $2) + make_interval(secs => "seq") WHERE "ticketId" = $1`, [id, seed.updated]);
      await db.query(`UPDATE "Ticket" SET "firstResponseAt" = "createdAt" + ("updatedAt" - "createdAt") / 3 WHERE "id" = $1 AND "firstResponseAt" IS NOT NULL`, [id]);
    }
    // The featured ticket's story, minute by minute (oldest first by stream position).
    const minutesAgo = { comments: [52, 44, 38], messages: [11, 9, 9, 2] };
    const comments = await db.query<{ id: string }>(`SELECT "id" FROM "Comment" WHERE "ticketId" = $1 ORDER BY "seq"`, [featuredId]);
    for (const [i, row] of comments.rows.entries()) {
      await db.query(`UPDATE "Comment" SET "createdAt" = now() - make_interval(mins => $2), "updatedAt" = now() - make_interval(mins => $2) WHERE "id" = $1`, [row.id, minutesAgo.comments[i] ?? 30]);
    }
    const messages = await db.query<{ id: string }>(`SELECT "id" FROM "Message" WHERE "ticketId" = $1 ORDER BY "seq"`, [featuredId]);
    for (const [i, row] of messages.rows.entries()) {
      await db.query(`UPDATE "Message" SET "createdAt" = now() - make_interval(mins => $2) + make_interval(secs => $3) WHERE "id" = $1`, [row.id, minutesAgo.messages[i] ?? 1, i * 20]);
    }
    await db.query(`UPDATE "Message" SET "readAt" = "createdAt" + interval '40 seconds' WHERE "ticketId" = $1 AND "readAt" IS NOT NULL`, [featuredId]);
    await db.query(`UPDATE "Ticket" SET "firstResponseAt" = "createdAt" + interval '6 minutes' WHERE "id" = $1`, [featuredId]);
  } finally {
    await db.close();
  }
}
