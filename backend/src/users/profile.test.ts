// A team member's face: the display name and avatar they set, shown on what they send.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pngForm, tinyPng } from '../test/fixtures.js';
import { startTestServer, type TestServer, type TestUser } from '../test/harness.js';

let server: TestServer;
let agent: TestUser;
let customer: TestUser;

beforeAll(async () => {
  server = await startTestServer();
  agent = await server.createUser('AGENT', 'Administrator');
  customer = await server.createUser('CUSTOMER', 'Carla');
});
afterAll(() => server?.close());

const form = (bytes: Uint8Array, name: string, type: string) => {
  const body = new FormData();
  body.append('avatar', new Blob([bytes], { type }), name);
  return body;
};

describe('agent profile', () => {
  it('an agent renames themselves, and their chat messages carry the new name and their avatar', async () => {
    const renamed = await server.api('PATCH', '/me/profile', { token: agent.token, body: { name: 'Maya from Support' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.user).toMatchObject({ name: 'Maya from Support', avatarUrl: null });

    const uploaded = await server.api('PUT', '/me/avatar', { token: agent.token, body: pngForm('avatar') });
    expect(uploaded.status).toBe(200);
    const avatarUrl: string = uploaded.body.user.avatarUrl;
    expect(avatarUrl).toMatch(new RegExp(`/api/avatars/${agent.id}\\?v=[0-9a-f]{8}$`));
    expect((await server.api('GET', '/auth/me', { token: agent.token })).body.user.avatarUrl).toBe(avatarUrl);

    const ticket = await server.api('POST', '/tickets', { token: customer.token, body: { description: 'Where is my parcel?' } });
    expect(ticket.status).toBe(201);
    const sent = await server.api('POST', `/tickets/${ticket.body.id}/messages`, { token: agent.token, body: { body: 'On its way' } });
    expect(sent.body.sender).toMatchObject({ id: agent.id, name: 'Maya from Support', avatarUrl });
    const listed = await server.api('GET', `/tickets/${ticket.body.id}/messages`, { token: customer.token });
    expect(listed.body.items.at(-1).sender).toMatchObject({ name: 'Maya from Support', avatarUrl });
    const reply = await server.api('POST', `/tickets/${ticket.body.id}/comments`, { token: agent.token, body: { body: 'Tracking: 42' } });
    expect(reply.body.author).toMatchObject({ name: 'Maya from Support', avatarUrl });
  });

  it('the avatar is served to anyone as the sniffed image, with nosniff, a sandbox and a long cache', async () => {
    await server.api('PUT', '/me/avatar', { token: agent.token, body: pngForm('avatar') });
    const res = await fetch(`${server.url}/api/avatars/${agent.id}?v=1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain('sandbox');
    expect(res.headers.get('cache-control')).toContain('max-age=31536000');
    expect(Buffer.from(await res.arrayBuffer()).equals(tinyPng())).toBe(true);
  });

  it('an SVG, HTML or a PDF named .png is refused with 415', async () => {
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    for (const body of [form(svg, 'face.png', 'image/png'), form(new TextEncoder().encode('<html><script>1</script>'), 'f.png', 'image/png'), form(new TextEncoder().encode('%PDF-1.4\n%\xe2\xe3\n1 0 obj'), 'f.png', 'image/png')]) {
      const res = await server.api('PUT', '/me/avatar', { token: agent.token, body });
      expect(res.status).toBe(415);
      expect(res.body.error.code).toBe('UNSUPPORTED_FILE_TYPE');
    }
  });

  it('an image over 512 KB is refused with 413', async () => {
    const big = new Uint8Array(512 * 1024 + 1);
    big.set(tinyPng());
    const res = await server.api('PUT', '/me/avatar', { token: agent.token, body: form(big, 'big.png', 'image/png') });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('removing the avatar brings the initials back and the image is gone', async () => {
    const res = await server.api('DELETE', '/me/avatar', { token: agent.token });
    expect(res.body.user.avatarUrl).toBeNull();
    expect((await fetch(`${server.url}/api/avatars/${agent.id}`)).status).toBe(404);
  });

  it("a customer has no avatar route, and a customer's id is never served", async () => {
    expect((await server.api('PUT', '/me/avatar', { token: customer.token, body: pngForm('avatar') })).status).toBe(403);
    expect((await server.api('PATCH', '/me/profile', { token: customer.token, body: { name: 'x' } })).status).toBe(403);
    expect((await fetch(`${server.url}/api/avatars/${customer.id}`)).status).toBe(404);
  });
});
