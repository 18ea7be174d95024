// Latency probe for the re-tag bench, run as its own process: GET /healthz and a score query every 100 ms
// until SIGTERM, then one JSON line with the latencies of each.
const [url, key, touchpoint] = process.argv.slice(2) as [string, string, string];
const times: Record<'healthz' | 'scores', number[]> = { healthz: [], scores: [] };
let stop = false;
process.on('SIGTERM', () => {
  stop = true;
});

async function timed(name: 'healthz' | 'scores', path: string, headers: Record<string, string> = {}) {
  const t = performance.now();
  const res = await fetch(`${url}${path}`, { headers });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`${path}: ${res.status}`);
  times[name].push(performance.now() - t);
}

while (!stop) {
  const next = performance.now() + 100;
  await timed('healthz', '/healthz');
  await timed('scores', `/api/v1/scores?metric=nps&touchpoint=${touchpoint}&interval=month`, {
    authorization: `Bearer ${key}`,
  });
  const wait = next - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}
process.stdout.write(`${JSON.stringify(times)}\n`);
