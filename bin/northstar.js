#!/usr/bin/env node
// The northstar command: runs the compiled CLI, or the TypeScript source (through tsx) in a checkout without a build.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/server/cli/main.js', import.meta.url);
let main;
if (existsSync(compiled)) {
  ({ main } = await import(compiled.href));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import(new URL('../src/cli/main.ts', import.meta.url).href));
}
process.exitCode = await main(process.argv.slice(2));
