// The console's accessibility check: axe (WCAG 2.0/2.1 A and AA) on the page; serious and critical
// findings fail the test with a list a person can act on.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/** `include`: limit the scan to part of the page (default: the whole page). */
export async function expectAccessible(page: Page, include?: string) {
  // A frame sandboxed without scripts (the outbox's email preview) cannot run axe: waiting for it
  // hangs the scan until the test times out. What it shows is an email, not the console.
  let builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).exclude('iframe[sandbox=""]');
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  const blocking = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} → ${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')}`);
  // Soft: one run lists the findings of every page a test visits; the test still fails.
  expect.soft(blocking, `axe violations on ${page.url()}`).toEqual([]);
}
