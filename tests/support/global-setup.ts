// Test-run setup: one PostgreSQL server per run (embedded, or external from NORTHSTAR_TEST_DATABASE_URL)
// and a migrated template database that each test file clones.
import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { connect, migrate, startEmbeddedPostgres } from '../../src/platform/db/index.js';
import { createLogger } from '../../src/platform/log/index.js';

declare module 'vitest' {
  export interface ProvidedContext {
    adminUrl: string;
    template: string;
    target: 'embedded' | 'external';
  }
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Start the server, build the template, and hand both to the test files. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const target = (project.config.env?.NORTHSTAR_TEST_TARGET ?? 'embedded') as 'embedded' | 'external';
  const log = createLogger('warn');
  let adminUrl: string;
  let stopServer = async () => {};
  let dataDir: string | undefined;
  if (target === 'external') {
    const url = process.env.NORTHSTAR_TEST_DATABASE_URL;
    if (!url) throw new Error('NORTHSTAR_TEST_DATABASE_URL is not set');
    adminUrl = url;
  } else {
    dataDir = mkdtempSync(path.join(tmpdir(), 'northstar-test-'));
    const server = await startEmbeddedPostgres(dataDir, log);
    adminUrl = withDatabase(server.url, 'postgres');
    stopServer = server.stop;
  }
  if (project.name === 'e2e' && !existsSync(path.join(process.cwd(), 'dist/web/index.html'))) {
    execSync('npx vite build --config web/vite.config.ts', { stdio: 'inherit' });
  }
  const template = `northstar_tpl_${process.pid}_${project.name.replace(/\W/g, '_')}`;
  const admin = connect(adminUrl, 2);
  await admin.unsafe(`drop database if exists ${template}`);
  await admin.unsafe(`create database ${template}`);
  const tpl = connect(withDatabase(adminUrl, template), 1);
  await migrate(tpl);
  await tpl.end();
  await admin.end();
  project.provide('adminUrl', adminUrl);
  project.provide('template', template);
  project.provide('target', target);

  return async () => {
    const sql = connect(adminUrl, 1);
    // Drop the template and any test database left behind by a crashed file.
    const leftovers = await sql<{ datname: string }[]>`
      select datname from pg_database where datname like ${`northstar_t_${process.pid}_%`} or datname = ${template}`;
    for (const { datname } of leftovers) await sql.unsafe(`drop database if exists ${datname} with (force)`);
    await sql.end();
    await stopServer();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  };
}
