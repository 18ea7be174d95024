// Structured JSON logging shared by the server, CLI and jobs.
import pino, { type Logger } from 'pino';

export type { Logger } from 'pino';

/** Create the process logger (JSON lines on stdout). */
export function createLogger(level: string = process.env.LOG_LEVEL ?? 'info'): Logger {
  return pino({ level, base: { service: 'northstar' }, timestamp: pino.stdTimeFunctions.isoTime });
}
