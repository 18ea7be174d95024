// Background work gives way to requests: the web server counts the requests it is answering, and CPU-heavy
// job code (comment enrichment) waits between slices while any are in flight, up to a bound.

let inFlight = 0;

/** A request began (the server calls it); the returned function ends it, once. */
export function requestStarted(): () => void {
  inFlight++;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    inFlight--;
  };
}

/** Requests this process is answering now. */
export function requestsInFlight(): number {
  return inFlight;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Let requests go first: always yield to the event loop once, then, while requests are in flight,
 * wait in steps of `stepMs` for at most `maxWaitMs` in all (so background work slows under load but
 * never stops). Returns how long it waited.
 */
export async function yieldToRequests(opts: { maxWaitMs?: number; stepMs?: number } = {}): Promise<number> {
  const maxWaitMs = opts.maxWaitMs ?? 100;
  const stepMs = opts.stepMs ?? 5;
  const start = performance.now();
  await new Promise((resolve) => setImmediate(resolve));
  while (inFlight > 0 && performance.now() - start < maxWaitMs) await sleep(stepMs);
  return performance.now() - start;
}
