// The widget on pages whose libraries patch built-ins (tests/support/patched-builtins.ts: Prototype.js
// 1.6, MooTools 1.2, JSON wrappers, a changed Date.prototype.toJSON): tickets AND chat messages
// reach the server intact, whatever the page did to JSON.stringify, toJSON or Array.prototype.
import { expect, test } from '@playwright/test';
import { messagesOf, ticketBySubject, unique } from './support/admin.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

const hostPage = (patch: string) => `${env.host}/?${new URLSearchParams({ siteKey: env.siteKey, patch })}`;

// Prototype.js and MooTools are never combined (they clash with each other); the others are.
for (const patch of ['prototype', 'mootools', 'json', 'date', 'mootools,json,date', 'prototype,json']) {
  test(`opens a ticket and chats on a page patched by: ${patch}`, async ({ page }) => {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(hostPage(patch));
    if (patch.startsWith('prototype')) {
      // The patch is in force: the page's JSON.stringify double-encodes arrays.
      expect(await page.evaluate(() => JSON.stringify(['a', 1]))).toBe('"[\\"a\\", 1]"');
    }
    const widget = new WidgetPage(page);
    await widget.open();
    const subject = unique(`Patched ${patch}`);
    await widget.createTicket(subject);
    const bodies = ['first message', 'with "quotes", a \\ backslash, émoji 🙂 and a\nnew line'];
    for (const body of bodies) {
      await widget.send(body);
      await expect(widget.messages.filter({ hasText: body.split('\n')[0]! })).toHaveAttribute('data-state', 'sent');
    }
    const ticket = await ticketBySubject(subject);
    expect((await messagesOf(ticket.id)).map((m) => m.body)).toEqual(bodies);
    await expect(widget.messages).toHaveCount(2);
    expect(errors).toEqual([]);
  });
}
