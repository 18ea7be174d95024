// Builds the dependency-free survey widget into dist/widget (the widget itself arrives with the collection channels).
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';

const out = new URL('../dist/widget/', import.meta.url);
mkdirSync(out, { recursive: true });
const src = new URL('./src/', import.meta.url);
if (existsSync(src))
  for (const f of readdirSync(src)) if (f.endsWith('.js')) copyFileSync(new URL(f, src), new URL(f, out));
