import { defineConfig } from 'vitest/config';

// Unit tests of the widget's logic (no browser: fake fetch, fake realtime, fake timers). The
// Playwright specs in tests/ run against the real server and Chromium instead.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'] },
});
