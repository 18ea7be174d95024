// Random secrets and their hashes: API keys and session tokens are stored only as SHA-256 digests.
import { createHash, randomBytes } from 'node:crypto';

/** SHA-256 of a high-entropy secret (a slow hash adds nothing for 256-bit random secrets). */
export function digest(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

/** A new API key: `ns_<prefix>_<secret>`; the prefix finds the row, the digest proves the secret. */
export function newApiKey(): { key: string; prefix: string; hash: Buffer } {
  const prefix = randomBytes(6).toString('hex');
  const key = `ns_${prefix}_${randomBytes(24).toString('base64url')}`;
  return { key, prefix, hash: digest(key) };
}

/** Split an API key into its lookup prefix, or undefined when it is not one of ours. */
export function apiKeyPrefix(key: string): string | undefined {
  const m = /^ns_([0-9a-f]{12})_[A-Za-z0-9_-]{32}$/.exec(key);
  return m?.[1];
}

/** A new session token (the cookie value) and its digest. */
export function newSessionToken(): { token: string; hash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: digest(token) };
}
