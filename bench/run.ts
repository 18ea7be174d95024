// `npm run bench -- <name>`: run one benchmark folder's run.ts (lists them without a name).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const names = readdirSync(here).filter((d) => existsSync(path.join(here, d, 'run.ts')));
const [name, ...rest] = process.argv.slice(2);
if (!name || !names.includes(name)) {
  console.error(`usage: npm run bench -- <${names.join('|')}> [options]`);
  process.exit(name ? 1 : 0);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(here, name, 'run.ts'), ...rest], {
  stdio: 'inherit',
});
process.exit(r.status ?? 1);
