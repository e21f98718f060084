import { defineConfig } from 'vitest/config';

// Unit tests of the console's logic (inbox views, lists kept live, forms, chat layout, shortcuts,
// formats, the API client's session rules): plain Node, no browser. The Playwright specs in
// tests/ run the console against the real server in Chromium.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'] },
});
