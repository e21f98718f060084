import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import type { ReportJson } from '@deskline/contract';
import { csvField } from './report.js';

let server: TestServer;
let admin: TestUser;
let agent: TestUser;
let alice: TestUser;
let siteId: string;
let oddCategory: { id: string; name: string };

const at = (day: string, time = '10:00:00') => new Date(`${day}T${time}Z`);
const plus = (date: Date, seconds: number) => new Date(date.getTime() + seconds * 1000);

/** A ticket opened on `day`, first answered and resolved `firstResponse` / `resolution` seconds later. */
async function ticketOn(
  day: string,
  options: { firstResponse?: number; resolution?: number; assigneeId?: string; siteId?: string; category?: string; rating?: number } = {},
) {
  const res = await server.api('POST', '/tickets', {
    token: alice.token,
    body: { subject: 'Report fixture', description: 'Counted in a report', category: options.category ?? 'billing' },
  });
  expect(res.status).toBe(201);
  const createdAt = at(day);
  const resolvedAt = options.resolution === undefined ? null : plus(createdAt, options.resolution);
  await server.ctx.db.ticket.update({
    where: { id: res.body.id },
    data: {
      createdAt,
      firstResponseAt: options.firstResponse === undefined ? null : plus(createdAt, options.firstResponse),
      resolvedAt,
      status: resolvedAt ? 'RESOLVED' : 'OPEN',
      assigneeId: options.assigneeId ?? null,
      siteId: options.siteId ?? null,
    },
  });
  if (options.rating !== undefined && resolvedAt) {
    await server.ctx.db.ticketRating.create({
      data: { ticketId: res.body.id, customerId: alice.id, score: options.rating, resolvedAt, createdAt: plus(resolvedAt, 60) },
    });
  }
  return res.body.id as string;
}

async function getReport(query: string, who: TestUser = admin) {
  const res = await server.api<ReportJson>('GET', `/stats/report?${query}`, { token: who.token });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN', 'Ana Admin');
  agent = await server.createUser('AGENT', 'Sam Agent');
  alice = await server.createUser('CUSTOMER', 'Alice');
  const site = await server.api('POST', '/sites', { token: admin.token, body: { name: 'Shop', allowedOrigins: ['https://shop.example.com'] } });
  expect(site.status).toBe(201);
  siteId = site.body.id;
  const category = await server.api('POST', '/categories', { token: admin.token, body: { name: '=Refunds, "urgent"', slug: 'refunds-urgent' } });
  expect(category.status, JSON.stringify(category.body)).toBe(201);
  oddCategory = { id: category.body.id, name: category.body.name };

  // 2025-03-01 … 2025-03-03, far from the tickets other fixtures open today.
  await ticketOn('2025-03-01', { firstResponse: 60, resolution: 3600, assigneeId: agent.id, siteId, rating: 5 });
  await ticketOn('2025-03-01', { firstResponse: 120, resolution: 7200, assigneeId: agent.id, rating: 4 });
  await ticketOn('2025-03-02', { firstResponse: 180, assigneeId: admin.id, siteId, category: 'refunds-urgent' });
  await ticketOn('2025-03-03', { firstResponse: 600, resolution: 36_000, assigneeId: admin.id, rating: 2 });
  await ticketOn('2025-03-03', {}); // unanswered, unassigned
  await ticketOn('2025-02-27', { firstResponse: 5, resolution: 86_400 * 2 + 60 }); // opened before, resolved 2025-03-01
  await ticketOn('2025-04-01', { firstResponse: 1, resolution: 1 }); // after the window
}, 180_000);
afterAll(() => server?.close());

describe('GET /stats/report', () => {
  it('medians and 90th percentiles of first response and resolution, volume and satisfaction', async () => {
    const report = await getReport('from=2025-03-01&to=2025-03-03');
    expect(report.window).toEqual({ from: '2025-03-01', to: '2025-03-03' });
    expect(report.total).toEqual({
      created: 5,
      responded: 4,
      // 60, 120, 180, 600 seconds
      medianFirstResponseSeconds: 150,
      p90FirstResponseSeconds: 474,
      // resolved in the window: 3600, 7200, 36000 and the earlier ticket's 172860
      resolved: 4,
      medianResolutionSeconds: 21_600,
      p90ResolutionSeconds: Math.round(36_000 + 0.7 * (172_860 - 36_000)),
      ratings: 3,
      averageScore: 3.67,
      satisfiedPercent: 66.7,
    });
  });

  it('every day of the window, the categories and the agents, each with their own figures', async () => {
    const report = await getReport('from=2025-02-28&to=2025-03-03');
    expect(report.byDay.map((d) => [d.date, d.created, d.resolved])).toEqual([
      ['2025-02-28', 0, 0],
      ['2025-03-01', 2, 3],
      ['2025-03-02', 1, 0],
      ['2025-03-03', 2, 1],
    ]);
    expect(report.byDay[1]).toMatchObject({ medianFirstResponseSeconds: 90, ratings: 2, averageScore: 4.5, satisfiedPercent: 100 });
    expect(report.byCategory.map((c) => [c.category.name, c.created])).toEqual([
      ['Billing', 4],
      [oddCategory.name, 1],
    ]);
    const agents = Object.fromEntries(report.byAgent.map((a) => [a.agent?.name ?? 'unassigned', [a.created, a.resolved, a.medianFirstResponseSeconds]]));
    expect(agents).toEqual({ 'Sam Agent': [2, 2, 90], 'Ana Admin': [2, 1, 390], unassigned: [1, 1, null] });
  });

  it('filters by site and by agent', async () => {
    const bySite = await getReport(`from=2025-03-01&to=2025-03-03&siteId=${siteId}`);
    expect(bySite.siteId).toBe(siteId);
    expect(bySite.total).toMatchObject({ created: 2, medianFirstResponseSeconds: 120, resolved: 1, ratings: 1, averageScore: 5 });
    const byAgent = await getReport(`from=2025-03-01&to=2025-03-03&agentId=${admin.id}`, agent);
    expect(byAgent.total).toMatchObject({ created: 2, responded: 2, resolved: 1, ratings: 1, averageScore: 2, satisfiedPercent: 0 });
    expect(byAgent.byAgent.map((a) => a.agent?.id)).toEqual([admin.id]);
  });

  it('defaults to the last 30 days, and an empty window has no figures rather than zeros', async () => {
    const report = await getReport('');
    expect(report.byDay).toHaveLength(30);
    expect(report.window.to).toBe(new Date().toISOString().slice(0, 10));
    const empty = await getReport('from=2020-01-01&to=2020-01-02');
    expect(empty.total).toMatchObject({ created: 0, medianFirstResponseSeconds: null, resolved: 0, averageScore: null });
    expect(empty.byCategory).toEqual([]);
  });

  it('refuses a reversed window, one over 366 days, and a malformed day with 400', async () => {
    for (const query of ['from=2025-03-02&to=2025-03-01', 'from=2024-01-01&to=2025-03-01', 'from=2025-02-30', 'to=yesterday', 'agentId=a%20b']) {
      const res = await server.api('GET', `/stats/report?${query}`, { token: admin.token });
      expect(res.status, query).toBe(400);
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
    }
  });

  it('is for the support team: customers get 403', async () => {
    expect((await server.api('GET', '/stats/report', { token: alice.token })).status).toBe(403);
    expect((await server.api('GET', '/stats/report.csv', { token: alice.token })).status).toBe(403);
  });
});

describe('GET /stats/report.csv', () => {
  it('is a download with a header row and one row per group, quoted as RFC 4180 says', async () => {
    const res = await fetch(`${server.url}/api/stats/report.csv?from=2025-03-01&to=2025-03-03`, { headers: { authorization: `Bearer ${admin.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename=deskline-report-2025-03-01-to-2025-03-03.csv');
    const lines = (await res.text()).split('\r\n');
    expect(lines[0]).toBe(
      'group,key,name,created,responded,medianFirstResponseSeconds,p90FirstResponseSeconds,resolved,medianResolutionSeconds,p90ResolutionSeconds,ratings,averageScore,satisfiedPercent',
    );
    expect(lines[1]).toBe('total,2025-03-01..2025-03-03,All tickets,5,4,150,474,4,21600,131802,3,3.67,66.7');
    expect(lines[2]).toBe('day,2025-03-01,2025-03-01,2,2,90,114,3,7200,139728,2,4.5,100');
    // A name with a comma and quotes is quoted; one starting with "=" never becomes a formula.
    expect(lines).toContain(`category,${oddCategory.id},"'=Refunds, ""urgent""",1,1,180,180,0,,,0,,`);
    expect(lines.find((l) => l.startsWith('agent,,'))).toBe('agent,,Unassigned,1,0,,,1,172860,172860,0,,');
    expect(lines.at(-1)).toBe('');
  });

  it('quotes fields one by one', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('+1 555')).toBe("'+1 555");
    expect(csvField(null)).toBe('');
    expect(csvField(-3)).toBe('-3');
  });
});
