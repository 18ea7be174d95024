// Where the columnar index's load of the bench organisation goes on a kept database (`--db`): the COPY
// alone (text and binary, read and dropped), the text COPY with the row parser alone, then the whole
// load as rows (text, `parseLine` + `append`: the load before the byte loader) and from the binary
// COPY's bytes (`IndexLoader`), in turn, `--reps` times; the finish (sort, bitmaps, pre-sums) timed
// apart, and this process's CPU beside the wall clock. The two indexes are compared column by column
// each rep. `--only loads`: the two loads alone (10 M); `--only bytes`: the byte loader alone.
import { loadavg } from 'node:os';
import { connect } from '../../src/platform/db/index.js';
import { type CodeColumn, ColumnarIndex } from '../../src/understand/sums/columnar-index.js';
import { IndexLoader } from '../../src/understand/sums/columnar-load.js';
import { readIndexCopy, readIndexRows } from '../../src/understand/sums/columnar-read.js';
import { CopyLines, parseLine } from '../../src/understand/sums/columnar-rows.js';

const arg = (name: string, fallback: string) => {
  const k = process.argv.indexOf(name);
  return k < 0 ? fallback : (process.argv[k + 1] as string);
};
const db = arg('--db', 'pages_1m');
const reps = Number(arg('--reps', '3'));
const only = arg('--only', '');
const sql = connect(`postgres://postgres@127.0.0.1:5432/${db}`, 2);
const [org] = await sql<{ id: string }[]>`select id from organisations where slug = 'bench'`;
const orgId = org?.id as string;

const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

/** Milliseconds of this process's CPU (user + system) per phase, beside the wall clock. */
const cpu: number[] = [];
async function timed<T>(f: () => Promise<T>): Promise<[T, number]> {
  const t = performance.now();
  const c = process.cpuUsage();
  const r = await f();
  const d = process.cpuUsage(c);
  cpu.push((d.user + d.system) / 1000);
  return [r, performance.now() - t];
}

/** Sort, bitmaps, pre-sums and trim, as the engine finishes a build. */
function finish(ix: ColumnarIndex): number {
  const t = performance.now();
  ix.merge();
  if (ix.bitmapRows < ix.sorted) ix.buildBitmaps();
  ix.extendPresums();
  ix.trim();
  return performance.now() - t;
}

async function asRows(): Promise<[ColumnarIndex, number, number]> {
  const ix = new ColumnarIndex(1 << 16);
  const [, read] = await timed(() => readIndexRows(sql, orgId, null, (r) => ix.append(r)));
  return [ix, read, finish(ix)];
}

async function asBytes(): Promise<[ColumnarIndex, number, number]> {
  const ix = new ColumnarIndex(1 << 16);
  const [, read] = await timed(() => readIndexCopy(sql, orgId, null, new IndexLoader(ix), true));
  return [ix, read, finish(ix)];
}

function same(a: ColumnarIndex, b: ColumnarIndex): string | null {
  const arrays = (ix: ColumnarIndex) => {
    const out: Array<[string, ArrayLike<number>]> = [
      ['at', ix.at],
      ['nps', ix.nps],
      ['csat', ix.csat],
      ['ces', ix.ces],
      ['rating', ix.rating],
      ['hasText', ix.hasText],
      ['contact', ix.contact.data],
    ];
    for (const [k, c] of Object.entries(ix.entities)) out.push([k, c.data]);
    for (const [k, c] of ix.segments) out.push([k, c.data]);
    return out;
  };
  if (a.length !== b.length || a.sorted !== b.sorted || a.ratingExact !== b.ratingExact) return 'shape';
  if ([...a.segments.keys()].join() !== [...b.segments.keys()].join()) return 'segment keys';
  const values = (c: CodeColumn) => JSON.stringify(c.values);
  for (const k of Object.keys(a.entities) as Array<keyof ColumnarIndex['entities']>)
    if (values(a.entities[k]) !== values(b.entities[k])) return `${k} values`;
  for (const [k, c] of a.segments)
    if (values(c) !== values(b.segments.get(k) as CodeColumn)) return `${k} values`;
  const bs = new Map(arrays(b));
  for (const [k, x] of arrays(a)) {
    const y = bs.get(k) as ArrayLike<number>;
    if (x.constructor !== (y as object).constructor) return `${k} width`;
    for (let i = 0; i < a.length; i++) if (!Object.is(x[i], y[i])) return `${k}[${i}]`;
  }
  if (a.contact.count !== b.contact.count) return 'contacts';
  for (let c = 1; c < a.contact.count; c++)
    if (a.contact.idOf(c) !== b.contact.idOf(c)) return `contact ${c}`;
  return a.bytes() === b.bytes() ? null : 'bytes';
}

const load = () => loadavg()[0]?.toFixed(1);
for (let rep = 0; rep < reps; rep++) {
  if (only === 'bytes') {
    cpu.length = 0;
    const [ix, read, fin] = await asBytes();
    console.log(
      `bytes: ${ix.length} rows, COPY + load ${s(read)} (CPU ${s(cpu[0] as number)}), finish ${s(fin)} [load ${load()}]`,
    );
    continue;
  }
  cpu.length = 0;
  if (only === 'loads') {
    const [before, readBefore, finBefore] = await asRows();
    const [after, readAfter, finAfter] = await asBytes();
    console.log(
      `rep ${rep + 1}: ${before.length} rows; rows: COPY + parse + append ${s(readBefore)} (CPU ${s(cpu[0] as number)}), finish ${s(finBefore)}, total ${s(readBefore + finBefore)}; ` +
        `bytes: COPY + load ${s(readAfter)} (CPU ${s(cpu[1] as number)}), finish ${s(finAfter)}, total ${s(readAfter + finAfter)} ` +
        `(${((readAfter + finAfter) / (readBefore + finBefore)).toFixed(2)}×); same index: ${same(before, after) ?? 'yes'} [load ${load()}]`,
    );
    continue;
  }
  let bytes = 0;
  let binaryBytes = 0;
  const [, copy] = await timed(() =>
    readIndexCopy(sql, orgId, null, {
      push: (c) => {
        bytes += c.length;
      },
      end: () => {},
    }),
  );
  const [, copyBinary] = await timed(() =>
    readIndexCopy(
      sql,
      orgId,
      null,
      {
        push: (c) => {
          binaryBytes += c.length;
        },
        end: () => {},
      },
      true,
    ),
  );
  let rows = 0;
  const [, parse] = await timed(() =>
    readIndexCopy(
      sql,
      orgId,
      null,
      new CopyLines(parseLine, () => {
        rows++;
      }),
    ),
  );
  const [before, readBefore, finBefore] = await asRows();
  const [after, readAfter, finAfter] = await asBytes();
  console.log(
    `rep ${rep + 1}: ${rows} rows; COPY alone: text ${(bytes / 2 ** 20).toFixed(0)} MiB ${s(copy)}, binary ${(binaryBytes / 2 ** 20).toFixed(0)} MiB ${s(copyBinary)}; text COPY + parseLine ${s(parse)}; ` +
      `rows: COPY + parse + append ${s(readBefore)}, finish ${s(finBefore)}, total ${s(readBefore + finBefore)}; ` +
      `bytes: COPY + load ${s(readAfter)}, finish ${s(finAfter)}, total ${s(readAfter + finAfter)} ` +
      `(${((readAfter + finAfter) / (readBefore + finBefore)).toFixed(2)}×); ` +
      `same index: ${same(before, after) ?? 'yes'} [load ${load()}]\n` +
      `  CPU of this process: COPY alone text ${s(cpu[0] as number)}, binary ${s(cpu[1] as number)}; + parseLine ${s(cpu[2] as number)}; ` +
      `rows ${s(cpu[3] as number)}, bytes ${s(cpu[4] as number)}`,
  );
}
await sql.end();
