// One real server for the whole run; its URL reaches the tests through the environment.
import { startServer } from './server';

export default async function globalSetup() {
  const server = await startServer();
  process.env.DESKLINE_URL = server.url;
  return async () => {
    await server.stop();
  };
}
