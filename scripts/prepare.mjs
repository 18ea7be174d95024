// Runs on `npm ci` / `npm install` in a checkout: builds server, dashboard and widget so `npm start` works at once.
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';

if (!existsSync(new URL('../src', import.meta.url)) || process.env.NORTHSTAR_SKIP_BUILD === '1')
  process.exit(0);
execSync('npm run build', { stdio: 'inherit', cwd: new URL('..', import.meta.url) });
