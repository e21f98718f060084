import { PHASE_DEVELOPMENT_SERVER } from 'next/constants';
import type { NextConfig } from 'next';

/**
 * The console is a static export served by the Deskline server at /admin (same origin as the API).
 * `next dev` instead runs its own server and forwards /api and /socket.io to a running Deskline
 * (DESKLINE_URL, default http://localhost:3000).
 */
export default function config(phase: string): NextConfig {
  const dev = phase === PHASE_DEVELOPMENT_SERVER;
  const deskline = process.env.DESKLINE_URL ?? 'http://localhost:3000';
  return {
    output: dev ? undefined : 'export',
    basePath: '/admin',
    images: { unoptimized: true },
    ...(dev
      ? {
          skipTrailingSlashRedirect: true, // Socket.IO's path is /socket.io/
          rewrites: async () => [
            { source: '/api/:path*', destination: `${deskline}/api/:path*`, basePath: false },
            { source: '/socket.io/', destination: `${deskline}/socket.io/`, basePath: false },
          ],
        }
      : {}),
  };
}
