import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../test/harness.js';

const servers: TestServer[] = [];
const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  dirs.forEach((d) => rmSync(d, { recursive: true, force: true }));
});

async function serverWith(files: Record<string, string>) {
  const root = mkdtempSync(path.join(tmpdir(), 'deskline-frontends-'));
  dirs.push(root);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  const server = await startTestServer({ frontends: { widget: path.join(root, 'widget'), admin: path.join(root, 'admin') } });
  servers.push(server);
  return server;
}

const get = (server: TestServer, urlPath: string) => fetch(`${server.url}${urlPath}`, { redirect: 'manual' });

describe('front-ends on the same origin', () => {
  it('serves the loader briefly cached, hashed bundles for a year, and the portal', async () => {
    const server = await serverWith({
      'widget/widget.js': 'loader()',
      'widget/app.abcdef1234.js': 'app()',
      'widget/portal.html': '<!doctype html><title>Portal</title>',
      'admin/index.html': '<!doctype html><title>Console</title>',
      'admin/_next/static/chunk.js': 'chunk()',
    });
    const loader = await get(server, '/widget.js');
    expect(await loader.text()).toBe('loader()');
    expect(loader.headers.get('cache-control')).toBe('public, max-age=300');
    expect(loader.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    const bundle = await get(server, '/widget/app.abcdef1234.js');
    expect(await bundle.text()).toBe('app()');
    expect(bundle.headers.get('cache-control')).toContain('immutable');
    expect(bundle.headers.get('access-control-allow-origin')).toBe('*');
    expect(await (await get(server, '/portal')).text()).toContain('<title>Portal</title>');
    expect(await (await get(server, '/admin')).text()).toContain('<title>Console</title>');
    expect(await (await get(server, '/admin/tickets')).text()).toContain('<title>Console</title>');
    expect((await get(server, '/admin/_next/static/chunk.js')).headers.get('cache-control')).toContain('immutable');
    expect((await get(server, '/')).headers.get('location')).toBe('/admin');
  });

  it("serves the widget's command types as text a host page's tooling can fetch", async () => {
    const server = await serverWith({ 'widget/deskline.d.ts': 'export interface DesklineCommands {}' });
    const types = await get(server, '/widget/deskline.d.ts');
    expect(types.status).toBe(200);
    expect(types.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(types.headers.get('access-control-allow-origin')).toBe('*');
    expect(await types.text()).toBe('export interface DesklineCommands {}');
  });

  it('says plainly when a front-end has not been built', async () => {
    const server = await serverWith({});
    for (const urlPath of ['/widget.js', '/portal', '/admin']) {
      const res = await get(server, urlPath);
      expect(res.status, urlPath).toBe(503);
      expect(await res.text()).toContain('has not been built yet');
    }
  });
});
