import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';
import type { SavedReplyJson } from '@deskline/contract';

let server: TestServer;
let admin: TestUser;
let agent: TestUser;
let otherAgent: TestUser;
let customer: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  admin = await server.createUser('ADMIN', 'Ada Admin');
  agent = await server.createUser('AGENT', 'Alan Agent');
  otherAgent = await server.createUser('AGENT', 'Grace Agent');
  customer = await server.createUser('CUSTOMER', 'Carl');
});
afterAll(() => server?.close());

async function save(who: TestUser, body: { title: string; body: string; shared?: boolean }) {
  return server.api('POST', '/saved-replies', { token: who.token, body });
}
const titlesFor = async (who: TestUser) =>
  (await server.api<SavedReplyJson[]>('GET', '/saved-replies', { token: who.token })).body.map((r) => r.title);

describe('saved replies', () => {
  it('an admin shares a reply that every agent reads but only admins change', async () => {
    const shared = await save(admin, { title: 'Refund policy', body: 'Hi {{customer.name}}, refunds take 5 days.', shared: true });
    expect(shared.status).toBe(201);
    expect(shared.body).toMatchObject({ title: 'Refund policy', shared: true });
    expect(await titlesFor(agent)).toContain('Refund policy');
    expect(await titlesFor(otherAgent)).toContain('Refund policy');

    const edit = await server.api('PATCH', `/saved-replies/${shared.body.id}`, { token: agent.token, body: { title: 'Mine now' } });
    expect(edit.status).toBe(403);
    expect((await server.api('DELETE', `/saved-replies/${shared.body.id}`, { token: agent.token })).status).toBe(403);
    const renamed = await server.api<SavedReplyJson>('PATCH', `/saved-replies/${shared.body.id}`, { token: admin.token, body: { title: 'Refunds' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ title: 'Refunds', shared: true });
  });

  it('an agent may not create a shared reply, nor share a personal one', async () => {
    const refused = await save(agent, { title: 'Team greeting', body: 'Hello!', shared: true });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('FORBIDDEN');
    const mine = await save(agent, { title: 'My greeting', body: 'Hello from {{agent.name}}' });
    expect(mine.status).toBe(201);
    expect(mine.body.shared).toBe(false);
    const share = await server.api('PATCH', `/saved-replies/${mine.body.id}`, { token: agent.token, body: { shared: true } });
    expect(share.status).toBe(403);
  });

  it("a personal reply is seen and changed by its owner alone: another agent or an admin gets 404", async () => {
    const mine = await save(agent, { title: 'Alan only', body: 'Private wording' });
    expect(await titlesFor(agent)).toContain('Alan only');
    expect(await titlesFor(otherAgent)).not.toContain('Alan only');
    expect(await titlesFor(admin)).not.toContain('Alan only');
    for (const stranger of [otherAgent, admin]) {
      const edit = await server.api('PATCH', `/saved-replies/${mine.body.id}`, { token: stranger.token, body: { body: 'Taken over' } });
      expect(edit.status).toBe(404);
      expect((await server.api('DELETE', `/saved-replies/${mine.body.id}`, { token: stranger.token })).status).toBe(404);
    }
    const edit = await server.api<SavedReplyJson>('PATCH', `/saved-replies/${mine.body.id}`, { token: agent.token, body: { body: 'Better wording' } });
    expect(edit.status).toBe(200);
    expect(edit.body.body).toBe('Better wording');
    expect((await server.api('DELETE', `/saved-replies/${mine.body.id}`, { token: agent.token })).status).toBe(204);
    expect(await titlesFor(agent)).not.toContain('Alan only');
  });

  it('an admin shares one of their own replies, and the team sees it from then on', async () => {
    const draft = await save(admin, { title: 'Draft for the team', body: 'Soon shared' });
    expect(await titlesFor(agent)).not.toContain('Draft for the team');
    const shared = await server.api<SavedReplyJson>('PATCH', `/saved-replies/${draft.body.id}`, { token: admin.token, body: { shared: true } });
    expect(shared.body.shared).toBe(true);
    expect(await titlesFor(agent)).toContain('Draft for the team');
  });

  it('customers are refused, and a reply without a title or with unknown fields is a 400', async () => {
    expect((await server.api('GET', '/saved-replies', { token: customer.token })).status).toBe(403);
    expect((await save(customer, { title: 'x', body: 'y' })).status).toBe(403);
    const empty = await save(agent, { title: '  ', body: 'y' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.details[0].path).toBe('title');
    const extra = await server.api('POST', '/saved-replies', { token: agent.token, body: { title: 't', body: 'b', ownerId: admin.id } });
    expect(extra.status).toBe(400);
  });
});
