import { describe, expect, it } from 'vitest';
import { createRandom, createWeightedSampler, hashSeed, normalCdf } from './random.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('createRandom', () => {
  it('repeats the same sequence for the same seed and stream', () => {
    const a = createRandom(42, 'x');
    const b = createRandom(42, 'x');
    const seqA = Array.from({ length: 100 }, () => a.uint32());
    const seqB = Array.from({ length: 100 }, () => b.uint32());
    expect(seqA).toEqual(seqB);
  });

  it('gives different sequences for different seeds and streams', () => {
    const first = (seed: number, stream: string) => createRandom(seed, stream).uint32();
    expect(first(42, 'x')).not.toBe(first(43, 'x'));
    expect(first(42, 'x')).not.toBe(first(42, 'y'));
    expect(hashSeed(1, 'a')).not.toBe(hashSeed(1, 'b'));
  });

  it('draws uniform numbers in [0, 1) and integers in an inclusive range', () => {
    const r = createRandom(7);
    let sum = 0;
    let outside = 0;
    const seen = new Set<number>();
    for (let i = 0; i < 20_000; i++) {
      const u = r.next();
      if (u < 0 || u >= 1) outside++;
      sum += u;
      seen.add(r.int(3, 6));
    }
    expect(outside).toBe(0);
    expect(sum / 20_000).toBeCloseTo(0.5, 1);
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('draws standard normals', () => {
    const r = createRandom(11);
    const n = 40_000;
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < n; i++) {
      const z = r.normal();
      sum += z;
      sq += z * z;
    }
    const mean = sum / n;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.sqrt(sq / n - mean * mean)).toBeCloseTo(1, 1);
  });

  it('makes well-formed, distinct version-4 UUIDs', () => {
    const r = createRandom(3);
    const ids = Array.from({ length: 5_000 }, () => r.uuid());
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('createWeightedSampler', () => {
  it('samples in proportion to the weights and never picks a zero weight', () => {
    const sample = createWeightedSampler([1, 0, 3]);
    const r = createRandom(5);
    const counts = [0, 0, 0];
    for (let i = 0; i < 40_000; i++) counts[sample(r)]! += 1;
    expect(counts[1]).toBe(0);
    expect(counts[2]! / counts[0]!).toBeGreaterThan(2.8);
    expect(counts[2]! / counts[0]!).toBeLessThan(3.2);
  });

  it('refuses weights that cannot be sampled', () => {
    expect(() => createWeightedSampler([0, 0])).toThrow();
    expect(() => createWeightedSampler([1, -1])).toThrow();
  });
});

describe('normalCdf', () => {
  it.each([
    [0, 0.5],
    [1.959964, 0.975],
    [-1, 0.158655],
    [2.5, 0.99379],
  ])('Φ(%d) ≈ %d', (z, p) => {
    expect(normalCdf(z)).toBeCloseTo(p, 5);
  });
});
