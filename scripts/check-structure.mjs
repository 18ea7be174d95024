#!/usr/bin/env node
// Structure checks run by `npm run lint` (and so by CI): no source file over MAX_LINES lines (data
// tables listed below excepted), no import cycles between modules, and no SQL outside the query files
// in the modules that keep their SQL in `queries/` (SQL_IN_QUERIES). Imports are read from the
// source text (static `import`/`export ... from`, side-effect imports and `import('...')`); relative
// specifiers resolve as TypeScript's NodeNext resolution does here (`./x.js` → `./x.ts` or `./x.tsx`).
// Type-only imports (`import type`, `export type ... from`) are erased when compiled and are left
// out, as madge's and dpdm's runtime checks do.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sqlCalls } from './sql-calls.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAX_LINES = 500;
const FOLDERS = ['src', 'web/src', 'widget', 'tests', 'bench', 'scripts'];
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.js', '.mjs', '.css'];
const SKIP = new Set(['node_modules', 'dist', 'fixtures']);

/** Files allowed past MAX_LINES, each with its reason. */
const LONG_FILES = {};

/**
 * Modules whose SQL lives only in query files (`<module>/queries/*.ts`, or one `<module>/queries.ts`):
 * elsewhere in them a tagged template (`sql\`…\``, `tx\`…\``, any tag: these modules have no other) or
 * an `.unsafe(` call fails the check. Tests are exempt.
 */
const SQL_IN_QUERIES = ['src/listen/', 'src/prove/', 'src/act/', 'src/demo/'];

function walk(dir, out) {
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name) || name.startsWith('.')) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, out);
    else if (EXTENSIONS.includes(path.extname(name)) && !name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const files = FOLDERS.flatMap((f) => walk(path.join(ROOT, f), []));
const rel = (f) => path.relative(ROOT, f).split(path.sep).join('/');
const problems = [];

// File length.
for (const file of files) {
  const lines = readFileSync(file, 'utf8').split('\n').length - 1;
  if (lines > MAX_LINES && !(rel(file) in LONG_FILES)) {
    problems.push(`${rel(file)}: ${lines} lines (at most ${MAX_LINES}; split it by concern)`);
  }
}

// SQL only in query files.
for (const file of files) {
  const name = rel(file);
  if (!SQL_IN_QUERIES.some((m) => name.startsWith(m))) continue;
  if (
    name.includes('/queries/') ||
    name.endsWith('/queries.ts') ||
    /\.test\.tsx?$/.test(name) ||
    !/\.tsx?$/.test(name)
  )
    continue;
  for (const { line, tag } of sqlCalls(readFileSync(file, 'utf8'))) {
    problems.push(
      `${name}:${line}: SQL (${tag === '.unsafe()' ? '.unsafe()' : `${tag}\`…\``}) outside a query file; move the statement to <module>/queries/`,
    );
  }
}

// Import cycles among the code files.
const code = files.filter((f) => !f.endsWith('.css'));
const known = new Set(code);
const IMPORT =
  /(?:^|[\n;])\s*(?:import|export)\s+(type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?['"]([^'"]+)['"]|\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

function resolve(from, spec) {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  const stem = base.replace(/\.(m?js|jsx)$/, '');
  const candidates = [
    base,
    `${stem}.ts`,
    `${stem}.tsx`,
    `${stem}.mts`,
    `${stem}.mjs`,
    `${stem}.js`,
    path.join(base, 'index.ts'),
    path.join(base, 'index.tsx'),
    path.join(base, 'index.js'),
  ];
  return candidates.find((c) => known.has(c));
}

const graph = new Map();
for (const file of code) {
  const deps = new Set();
  for (const m of stripComments(readFileSync(file, 'utf8')).matchAll(IMPORT)) {
    if (m[1]) continue;
    const target = resolve(file, m[2] ?? m[3]);
    if (target && target !== file) deps.add(target);
  }
  graph.set(file, [...deps]);
}

// Tarjan's strongly connected components: each component of more than one file is a cycle.
let index = 0;
const stack = [];
const onStack = new Set();
const indices = new Map();
const low = new Map();
const components = [];
function connect(v) {
  indices.set(v, index);
  low.set(v, index);
  index++;
  stack.push(v);
  onStack.add(v);
  for (const w of graph.get(v)) {
    if (!indices.has(w)) {
      connect(w);
      low.set(v, Math.min(low.get(v), low.get(w)));
    } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), indices.get(w)));
  }
  if (low.get(v) === indices.get(v)) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component);
  }
}
for (const v of graph.keys()) if (!indices.has(v)) connect(v);

/** One concrete loop through a component, for the message. */
function loopIn(component) {
  const members = new Set(component);
  const start = component.slice().sort()[0];
  const prev = new Map([[start, null]]);
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift();
    for (const w of graph.get(v)) {
      if (!members.has(w)) continue;
      if (w === start) {
        const loop = [v];
        for (let p = prev.get(v); p !== null; p = prev.get(p)) loop.unshift(p);
        return [...loop, start];
      }
      if (!prev.has(w)) {
        prev.set(w, v);
        queue.push(w);
      }
    }
  }
  return component;
}
for (const component of components) {
  problems.push(`import cycle: ${loopIn(component).map(rel).join(' → ')}`);
}

if (problems.length > 0) {
  console.error(`Structure check failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  process.exit(1);
}
console.log(
  `Structure check: ${files.length} files, none over ${MAX_LINES} lines, no import cycles, no SQL outside queries/ in ${SQL_IN_QUERIES.join(', ')}.`,
);
