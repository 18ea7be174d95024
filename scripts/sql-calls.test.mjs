// The SQL finder of the structure check: what it reports, and what it leaves alone.
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are source text under test
import { describe, expect, it } from 'vitest';
import { sqlCalls } from './sql-calls.mjs';

const tags = (text) => sqlCalls(text).map((c) => `${c.line}:${c.tag}`);

describe('sqlCalls', () => {
  it('finds tagged templates, with or without type arguments, and .unsafe calls, by line', () => {
    const text = [
      'const a = await sql`select 1`;',
      'const [b] = await tx<{ id: string }[]>`',
      '  select id from t`;',
      'const c = sql.unsafe(query);',
      'const d = this.sql<Row[]>`select 2`;',
    ].join('\n');
    expect(tags(text)).toEqual(['1:sql', '2:tx', '4:.unsafe()', '5:this.sql']);
  });

  it('finds a statement nested in a template expression', () => {
    expect(tags('const q = sql`select ${cond ? sql`a = ${x}` : sql``}`;')).toEqual([
      '1:sql',
      '1:sql',
      '1:sql',
    ]);
  });

  it('leaves plain templates, arrows returning templates, comments, strings and regexes alone', () => {
    const text = [
      'const a = `plain ${x}`;',
      'const b = items.map((p) => `${p.name}`).join();',
      '// sql`select 1` in a comment',
      '/* tx`select 2` */',
      "const c = 'sql`in a string`';",
      'const d = /sql`x`/.test(s);',
      'function is(d: D): d is `attr.${string}` { return true; }',
      'const e = `outer ${`inner ${y}`}`;',
    ].join('\n');
    expect(tags(text)).toEqual([]);
  });
});
