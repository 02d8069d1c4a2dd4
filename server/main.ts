import { ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { startServer, type RunningServer } from './server.js';

/** `npm start`: configuration from the environment, graceful stop on SIGTERM/SIGINT. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  // Handlers first: a signal that arrives while the server starts still stops it cleanly.
  let server: RunningServer | null = null;
  let signalled: string | null = null;
  // The last log lines may still be buffered: write them out before exiting.
  const exit = (code: number) => log.flush(() => process.exit(code));
  const shutDown = (running: RunningServer) =>
    running.close().then(
      () => exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        exit(1);
      },
    );
  const stop = (signal: string) => {
    if (signalled) return;
    signalled = signal;
    log.info({ signal }, 'shutting down');
    if (server) void shutDown(server);
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  server = await startServer(config, log);
  if (signalled) void shutDown(server);
}

main().catch((err: unknown) => {
  console.error('Parley failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
