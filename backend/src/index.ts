// `npm start` ends here: read the configuration, start one instance, stop cleanly on signals.
import { ConfigError, loadConfig } from './config.js';
import { DataDirLockedError } from './db/data-dir-lock.js';
import { MigrationError } from './db/migrate.js';
import { startServer } from './server.js';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  try {
    const server = await startServer({ config });
    console.log(`Deskline is running at ${config.publicUrl} (API docs: ${config.publicUrl}/api/docs)`);
    let stopping = false;
    const stop = (signal: string) => {
      if (stopping) return;
      stopping = true;
      console.log(`${signal} received, shutting down…`);
      server.close().then(
        () => process.exit(0),
        (error) => {
          console.error(error);
          process.exit(1);
        },
      );
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
  } catch (error) {
    if (error instanceof MigrationError || error instanceof DataDirLockedError) {
      console.error(`Deskline could not start: ${error.message}`);
      process.exit(1);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      console.error(`Deskline could not start: port ${config.port} is already in use. Set PORT to another port.`);
      process.exit(1);
    }
    if (code === 'ECONNREFUSED' || /connect/i.test(String((error as Error).message))) {
      console.error(`Deskline could not start: cannot reach the database at DATABASE_URL (${(error as Error).message}).`);
      process.exit(1);
    }
    throw error;
  }
}

void main();
