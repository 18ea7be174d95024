// The UUID column against a Map of strings: codes in order of first appearance, found in any case,
// widened past 255 and 65,535 values, ids given back as written by PostgreSQL.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { UuidColumn } from './columnar-uuids.js';

describe('UuidColumn', () => {
  it('gives each UUID one code, as a Map would, through 70,000 values and rehashes', () => {
    const col = new UuidColumn(16);
    const map = new Map<string, number>();
    const ids = Array.from({ length: 70_000 }, () => randomUUID());
    // Every id twice, the second time in upper case for some.
    for (const [k, id] of [...ids, ...ids.slice(0, 1000)].entries()) {
      const code = col.encode(k % 3 === 0 ? id.toUpperCase() : id);
      if (!map.has(id)) map.set(id, map.size + 1);
      expect(code).toBe(map.get(id));
    }
    expect(col.count).toBe(70_001);
    expect(col.data).toBeInstanceOf(Uint32Array);
    for (const [id, code] of map) {
      expect(col.codeOf(id)).toBe(code);
      expect(col.codeOf(id.toUpperCase())).toBe(code);
      expect(col.idOf(code)).toBe(id);
    }
    expect(col.codeOf(randomUUID())).toBe(-1);
    expect(col.codeOf('not-a-uuid')).toBe(-1);
    expect(col.codeOf('00000000-0000-0000-0000-00000000000g')).toBe(-1);
    expect(col.codeOf(null)).toBe(0);
    expect(col.encode(null)).toBe(0);
    expect(col.idOf(0)).toBe(null);
    expect(() => col.encode('nope')).toThrow(/UUID/);
  });

  it('tells apart UUIDs that differ in one word, and the all-zero UUID', () => {
    const col = new UuidColumn(4);
    const zero = '00000000-0000-0000-0000-000000000000';
    const variants = [
      zero,
      '00000000-0000-0000-0000-000000000001',
      '00000001-0000-0000-0000-000000000000',
      '00000000-0001-0000-0000-000000000000',
      '00000000-0000-0000-0001-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
    ];
    for (const [i, v] of variants.entries()) expect(col.encode(v)).toBe(i + 1);
    for (const [i, v] of variants.entries()) expect(col.idOf(i + 1)).toBe(v);
  });
});
