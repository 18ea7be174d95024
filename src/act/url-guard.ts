// Outbound HTTP for webhooks and Slack: http(s) only, no loopback/private/link-local targets (SSRF)
// unless NORTHSTAR_WEBHOOK_ALLOW_PRIVATE=true, a 10 s timeout, and redirects never followed.
import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const)
  blocked.addSubnet(net, bits, 'ipv6');

/** Whether private targets are allowed (NORTHSTAR_WEBHOOK_ALLOW_PRIVATE=true: tests, closed networks). */
export const allowPrivate = (env: NodeJS.ProcessEnv = process.env): boolean =>
  env.NORTHSTAR_WEBHOOK_ALLOW_PRIVATE === 'true';

/** Whether an address is loopback, private, link-local or otherwise not on the public internet. */
export function isPrivateAddress(address: string): boolean {
  const v = isIP(address);
  if (v === 0) return true;
  if (v === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped?.[1]) return blocked.check(mapped[1], 'ipv4');
    return blocked.check(address, 'ipv6');
  }
  return blocked.check(address, 'ipv4');
}

/** The problem with a webhook URL as written (scheme, credentials, a literal private address), or null. */
export function checkWebhookUrl(raw: string, env: NodeJS.ProcessEnv = process.env): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  if (url.username || url.password) return 'must not carry credentials';
  const host = url.hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (!allowPrivate(env)) {
    if (host === 'localhost' || host.endsWith('.localhost')) return 'must not point to this machine';
    if (isIP(host) && isPrivateAddress(host))
      return 'must not point to a private, loopback or link-local address';
  }
  return null;
}

/** A refused outbound request (SSRF guard). */
export class RefusedTargetError extends Error {}

/** The outcome of one outbound POST. */
export interface PostResult {
  status: number;
  body: string;
}

/**
 * POST a body to a URL under the guard: the host is resolved once and every address checked, and the
 * connection goes to the checked address (no second lookup to rebind). Redirects are answers, not
 * followed. Throws on network errors, refusals and the timeout.
 */
export async function guardedPost(
  raw: string,
  body: string,
  headers: Record<string, string>,
  opts: {
    timeoutMs?: number;
    env?: NodeJS.ProcessEnv;
    /** Name resolution (DNS by default; tests give their own). */
    resolve?: (host: string) => Promise<Array<{ address: string; family: number }>>;
  } = {},
): Promise<PostResult> {
  const env = opts.env ?? process.env;
  const problem = checkWebhookUrl(raw, env);
  if (problem) throw new RefusedTargetError(`URL ${problem}`);
  const url = new URL(raw);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const resolve = opts.resolve ?? ((h: string) => lookup(h, { all: true }));
  const addresses = isIP(host) ? [{ address: host, family: isIP(host) }] : await resolve(host);
  if (addresses.length === 0) throw new Error(`${host} does not resolve`);
  if (!allowPrivate(env)) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) throw new RefusedTargetError(`${host} resolves to ${bad.address}, a private address`);
  }
  const target = addresses[0]!;
  const client = url.protocol === 'https:' ? https : http;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  return new Promise<PostResult>((resolve, reject) => {
    const req = client.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          ...headers,
        },
        // The checked address, in whichever form the socket asks for (Node asks for all addresses
        // when it may try several families).
        lookup: ((_h: string, o: { all?: boolean }, cb: (...args: unknown[]) => void) =>
          o?.all
            ? cb(null, [{ address: target.address, family: target.family }])
            : cb(null, target.address, target.family)) as never,
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          // Only the start of an answer is kept for the delivery log.
          if (size < 4_096) chunks.push(c);
          size += c.length;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8').slice(0, 1_000),
          }),
        );
        res.on('error', reject);
      },
    );
    const timer = setTimeout(
      () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)),
      timeoutMs,
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs / 1000} s`)));
    req.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    req.on('close', () => clearTimeout(timer));
    req.end(body);
  });
}
