// The support team's side in the tests: the REST API and a socket with the admin's token.
import { expect, type Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import type { MessageJson, TicketJson } from '../../src/api/types.js';
import { env } from './env.js';

export async function adminApi<T = any>(method: string, urlPath: string, body?: unknown): Promise<T> {
  const res = await fetch(`${env.deskline}/api${urlPath}`, {
    method,
    headers: { authorization: `Bearer ${env.adminToken}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${urlPath} → ${res.status} ${text}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

/** The one ticket whose subject is `subject` (tests use unique subjects). */
export async function ticketBySubject(subject: string): Promise<TicketJson> {
  let found: TicketJson | undefined;
  await expect
    .poll(async () => {
      const page = await adminApi<{ items: TicketJson[] }>('GET', `/tickets?q=${encodeURIComponent(subject)}`);
      found = page.items.find((t) => t.subject === subject);
      return Boolean(found);
    })
    .toBe(true);
  return found!;
}

export const replyAsAdmin = (ticketId: string, body: string) =>
  adminApi<MessageJson>('POST', `/tickets/${ticketId}/messages`, { body });

export const setStatus = (ticketId: string, status: string) => adminApi<TicketJson>('PATCH', `/tickets/${ticketId}`, { status });

export async function messagesOf(ticketId: string): Promise<MessageJson[]> {
  return (await adminApi<{ items: MessageJson[] }>('GET', `/tickets/${ticketId}/messages?limit=100`)).items;
}

/** A socket signed in as the admin, joined to a ticket's room. */
export async function adminSocket(ticketId: string): Promise<Socket> {
  const socket = io(env.deskline, { auth: { token: env.adminToken }, transports: ['websocket'] });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
  const ack = await socket.timeout(5_000).emitWithAck('ticket:join', ticketId);
  expect(ack.ok).toBe(true);
  return socket;
}

/** A small real PNG (16×16, red), so that the server's byte sniffing accepts it and <img> shows it. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGO4o6ZGEmIY1TCqYfhqAAATqigQ9JeO5gAAAABJRU5ErkJggg==',
  'base64',
);

/**
 * Collects the page's Content-Security-Policy violations (from securitypolicyviolation events,
 * which reach the document from shadow roots too, and from console reports).
 */
export async function collectCspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (event) => console.error(`CSP violation: ${event.violatedDirective} ${event.blockedURI}`),
      true,
    );
  });
  page.on('console', (message) => {
    if (/CSP violation|Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

export const unique = (label: string) => `${label} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
