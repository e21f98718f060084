// Business hours in the site's time zone, and the widget's away message outside them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import { isWithinHours } from './hours.js';

const closed = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] };
const nineToFive = { ...closed, mon: [{ open: '09:00', close: '17:00' }], tue: [{ open: '09:00', close: '12:00' }, { open: '14:00', close: '18:00' }] };

describe('isWithinHours', () => {
  it('reads the clock in the site’s time zone, not the server’s', () => {
    const hours = { timeZone: 'America/New_York', week: nineToFive };
    // Monday 2026-11-30 13:59 UTC is 08:59 in New York (EST, UTC−5): closed; 14:00 UTC is 09:00: open.
    expect(isWithinHours(hours, new Date('2026-11-30T13:59:00Z'))).toBe(false);
    expect(isWithinHours(hours, new Date('2026-11-30T14:00:00Z'))).toBe(true);
    expect(isWithinHours(hours, new Date('2026-11-30T21:59:00Z'))).toBe(true);
    expect(isWithinHours(hours, new Date('2026-11-30T22:00:00Z'))).toBe(false);
    // Tuesday's lunch break; 00:30 UTC on Monday is 09:30 in Tokyo (open) but Sunday evening in New York (closed).
    expect(isWithinHours(hours, new Date('2026-12-01T18:00:00Z'))).toBe(false);
    expect(isWithinHours(hours, new Date('2026-12-01T19:00:00Z'))).toBe(true);
    expect(isWithinHours({ timeZone: 'Asia/Tokyo', week: nineToFive }, new Date('2026-11-30T00:30:00Z'))).toBe(true);
    expect(isWithinHours(hours, new Date('2026-11-30T00:30:00Z'))).toBe(false);
  });

  it('is always open without hours', () => {
    expect(isWithinHours(null, new Date())).toBe(true);
  });
});

describe('site settings and the widget', () => {
  let server: TestServer;
  let admin: TestUser;
  beforeAll(async () => {
    server = await startTestServer();
    admin = await server.createUser('ADMIN');
  });
  afterAll(() => server?.close());

  it('the widget says it is outside hours, with the away message, when no range is open now', async () => {
    const site = await server.api('POST', '/sites', { token: admin.token, body: { name: 'Shop', allowedOrigins: [] } });
    expect(site.body).toMatchObject({ businessHours: null, awayMessage: null });
    let config = await server.api('GET', `/widget/config?siteKey=${site.body.siteKey}`);
    expect(config.body).toMatchObject({ outsideHours: false });

    const awayMessage = 'We are away. Leave a message and we will answer at 9:00.';
    const patched = await server.api('PATCH', `/sites/${site.body.id}`, { token: admin.token, body: { businessHours: { timeZone: 'Europe/Paris', week: closed }, awayMessage } });
    expect(patched.status).toBe(200);
    expect(patched.body.businessHours).toEqual({ timeZone: 'Europe/Paris', week: closed });
    config = await server.api('GET', `/widget/config?siteKey=${site.body.siteKey}`);
    expect(config.body).toMatchObject({ outsideHours: true, awayMessage });

    const always = { mon: [{ open: '00:00', close: '24:00' }], tue: [{ open: '00:00', close: '24:00' }], wed: [{ open: '00:00', close: '24:00' }], thu: [{ open: '00:00', close: '24:00' }], fri: [{ open: '00:00', close: '24:00' }], sat: [{ open: '00:00', close: '24:00' }], sun: [{ open: '00:00', close: '24:00' }] };
    await server.api('PATCH', `/sites/${site.body.id}`, { token: admin.token, body: { businessHours: { timeZone: 'Pacific/Kiritimati', week: always } } });
    expect((await server.api('GET', `/widget/config?siteKey=${site.body.siteKey}`)).body.outsideHours).toBe(false);
  });

  it('refuses an unknown time zone, a bad clock and a range that closes before it opens, naming the field', async () => {
    const site = await server.api('POST', '/sites', { token: admin.token, body: { name: 'Shop 2', allowedOrigins: [] } });
    const patch = (businessHours: unknown) => server.api('PATCH', `/sites/${site.body.id}`, { token: admin.token, body: { businessHours } });
    const zone = await patch({ timeZone: 'Mars/Olympus', week: closed });
    expect(zone.status).toBe(400);
    expect(zone.body.error.details[0].path).toBe('businessHours.timeZone');
    expect((await patch({ timeZone: 'UTC', week: { ...closed, mon: [{ open: '25:00', close: '26:00' }] } })).status).toBe(400);
    const backwards = await patch({ timeZone: 'UTC', week: { ...closed, mon: [{ open: '17:00', close: '09:00' }] } });
    expect(backwards.status).toBe(400);
    expect(backwards.body.error.details[0].path).toBe('businessHours.week.mon.0.close');
  });
});
