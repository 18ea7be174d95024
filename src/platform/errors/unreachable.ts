// Telling a database that cannot be reached (down, restarting, connection lost) from a failed query.

// postgres.js connection errors, socket errors, and the SQLSTATEs of a server that is going away or
// not yet accepting: class 08 (connection exception), 57P01–57P03 (shutdown, crash, cannot connect now).
const CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENOTFOUND',
  '57P01',
  '57P02',
  '57P03',
]);

/** Whether an error means the database cannot be reached right now (worth a 503 and a retry). */
export function isDatabaseUnreachable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && (CODES.has(code) || code.startsWith('08'))) return true;
  // Errors from a pool that lost many connections at once arrive wrapped.
  const errors = (err as { errors?: unknown }).errors;
  if (Array.isArray(errors) && errors.length > 0) return errors.every(isDatabaseUnreachable);
  const cause = (err as { cause?: unknown }).cause;
  return cause !== undefined && cause !== err && isDatabaseUnreachable(cause);
}
