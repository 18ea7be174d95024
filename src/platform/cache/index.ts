// One small in-process cache for the hot paths (verified credentials, live surveys, widget sites, signing
// keys, compiled text models): least-recently-used entries go first once `max` is reached, and each entry
// lives at most `ttlMs` (none: until evicted). Per process: another server process keeps its own.
import { LRUCache } from 'lru-cache';

/** A bounded cache of string keys; values are objects (wrap a value that may be undefined). */
export type Cache<V extends object> = LRUCache<string, V>;

/**
 * A cache of at most `max` entries, each kept at most `ttlMs` milliseconds when given, and, with
 * `maxBytes` and `sizeOf`, of at most that many bytes in all (an entry larger than that is not kept).
 */
export function createCache<V extends object>(opts: {
  max: number;
  ttlMs?: number;
  maxBytes?: number;
  sizeOf?: (value: V) => number;
}): Cache<V> {
  return new LRUCache<string, V>({
    max: opts.max,
    ...(opts.ttlMs ? { ttl: opts.ttlMs } : {}),
    ...(opts.maxBytes && opts.sizeOf
      ? { maxSize: opts.maxBytes, sizeCalculation: (v: V) => Math.max(1, opts.sizeOf?.(v) ?? 1) }
      : {}),
  });
}
