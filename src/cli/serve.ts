// `northstar serve`: run the HTTP server (port from PORT, default 3000).
import type { Command } from 'commander';
import { loadConfig } from '../platform/config/index.js';
import { openDatabase, survivePoolWriteAfterClose } from '../platform/db/index.js';
import { createLogger } from '../platform/log/index.js';
import { closeOnSignals, startServer } from '../server/index.js';

/** Register the verb. */
export function register(program: Command): void {
  program
    .command('serve')
    .description('Run the API and dashboard server (PORT, HOST, DATABASE_URL or NORTHSTAR_DATA_DIR)')
    .option('-p, --port <port>', 'port (default: PORT or 3000)')
    .action(async (opts: { port?: string }) => {
      const config = loadConfig(opts.port ? { ...process.env, PORT: opts.port } : process.env);
      const log = createLogger(config.logLevel);
      const db = await openDatabase(config, log);
      const server = await startServer(db, config, log).catch(async (err) => {
        await db.close();
        throw err;
      });
      closeOnSignals(server, log);
      survivePoolWriteAfterClose(log);
      if (server.role === 'worker')
        console.error(`Northstar worker is running (database: ${db.kind} ${db.where})`);
      else
        console.error(
          `Northstar is serving on ${server.url} (role: ${server.role}; database: ${db.kind} ${db.where})`,
        );
    });
}
