import { defineConfig } from 'vitest/config';

// Unit tests of the browser clients: plain Node, fake timers and fake transports, no server.
export default defineConfig({
  test: { include: ['src/**/*.test.ts'] },
});
