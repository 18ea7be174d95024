// Structured JSON logging shared by the server, CLI and jobs.
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Create the process logger (JSON lines on stdout). */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service: 'northstar' }, timestamp: pino.stdTimeFunctions.isoTime });
}

/**
 * An error as it may be logged: name, message and stack, and the names (not the reasons, which can
 * quote customer input such as an import's cells) of the fields it refused.
 */
export function loggableError(err: unknown): unknown {
  if (!err || typeof err !== 'object') return err;
  const e = err as Error & { invalidParams?: Array<{ name: string }>; code?: unknown };
  return {
    type: e.name,
    message: e.message,
    stack: e.stack,
    ...(e.code !== undefined ? { code: e.code } : {}),
    ...(Array.isArray(e.invalidParams) ? { invalidParams: e.invalidParams.map((p) => p.name) } : {}),
  };
}
