// The widget on pages that enforce Trusted Types: no HTML from strings, and its one script URL
// comes from a policy named `deskline` that passes only the widget's own app bundle.
import { expect, test } from '@playwright/test';
import { collectCspViolations, messagesOf, ticketBySubject, unique } from './support/admin.js';
import { env } from './support/env.js';
import { WidgetPage } from './support/widget-page.js';

const hostPage = (query: Record<string, string>) => `${env.host}/?${new URLSearchParams({ siteKey: env.siteKey, ...query })}`;

for (const [tt, directives] of [
  ['deskline', "require-trusted-types-for 'script'; trusted-types deskline"],
  ['require', "require-trusted-types-for 'script'"],
] as const) {
  test(`opens, creates a ticket and chats under "${directives}"`, async ({ page }) => {
    const violations = await collectCspViolations(page);
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
    const response = await page.goto(hostPage({ tt }));
    expect(response!.headers()['content-security-policy']).toContain(directives);
    // The page really enforces it: a string assigned to a script sink is refused.
    expect(await page.evaluate(() => {
      try {
        document.createElement('script').src = '/nothing.js';
        return 'accepted';
      } catch {
        return 'refused';
      }
    })).toBe('refused');
    violations.length = 0;
    errors.length = 0;

    const widget = new WidgetPage(page);
    await widget.open();
    const subject = unique('Trusted Types');
    await widget.createTicket(subject);
    await widget.send('typed and trusted');
    await expect(widget.messages.first()).toHaveAttribute('data-state', 'sent');
    const ticket = await ticketBySubject(subject);
    expect((await messagesOf(ticket.id)).map((m) => m.body)).toEqual(['typed and trusted']);
    expect(violations).toEqual([]);
    expect(errors).toEqual([]);
  });
}

test('the deskline policy vouches only for the widget app bundle', async ({ page }) => {
  // Keeps what the loader hands to createPolicy, to try other URLs on the policy it made.
  await page.addInitScript(() => {
    const factory = (window as any).trustedTypes;
    const create = factory.createPolicy.bind(factory);
    factory.createPolicy = (name: string, rules: object) => ((window as any).__policies ??= {})[name] = create(name, rules);
  });
  await page.goto(hostPage({ tt: 'deskline' }));
  const widget = new WidgetPage(page);
  await widget.open();
  const app = await page.evaluate(() => (document.head.querySelector('script[src*="/widget/app."]') as HTMLScriptElement).src);
  const tries = await page.evaluate(([app, deskline]) => {
    const policy = (window as any).__policies.deskline;
    return [app, `${deskline}/widget/evil.js`, `${deskline}/api/uploads/x.js`, 'https://evil.example/widget/app.js', `${app}?x=1`].map((url) => {
      try {
        return String(policy.createScriptURL(url)) === url;
      } catch {
        return false;
      }
    });
  }, [app, env.deskline]);
  expect(tries).toEqual([true, false, false, false, false]);
});
