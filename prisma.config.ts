// Prisma CLI configuration. The CLI insists on a native schema engine even for `prisma generate`,
// which this project never uses (migrations are plain SQL applied by the server), and which cannot
// be downloaded offline: any existing file satisfies the check.
import path from 'node:path';
import { defineConfig } from 'prisma/config';

process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve('prisma.config.ts');

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
});
