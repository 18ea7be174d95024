// Response serialization: plain JSON.stringify in production; with the check on (tests, development), every
// JSON body is also parsed against its route's response schema, and a body that does not match it (a
// wrong type, a missing field, or a field the schema does not document) fails the request loudly.
import type { FastifySerializerCompiler } from 'fastify';
import type { z } from 'zod';

/** A response body that does not match its declared schema (only raised when responses are checked). */
export class ResponseContractError extends Error {
  constructor(method: string, url: string, status: string, problem: string) {
    super(`Response of ${method} ${url} (${status}) does not match its schema: ${problem}`);
    this.name = 'ResponseContractError';
  }
}

/** The first place where `wire` has something the parsed value lacks: an undocumented field. */
function undocumented(wire: unknown, parsed: unknown, path: string): string | undefined {
  if (Array.isArray(wire) && Array.isArray(parsed)) {
    for (let i = 0; i < wire.length; i++) {
      const found = undocumented(wire[i], parsed[i], `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (wire && typeof wire === 'object' && parsed && typeof parsed === 'object') {
    for (const [k, v] of Object.entries(wire)) {
      if (!(k in parsed)) return `${path}.${k}`;
      const found = undocumented(v, (parsed as Record<string, unknown>)[k], `${path}.${k}`);
      if (found) return found;
    }
  }
  return undefined;
}

/** Check a body as it goes on the wire (after JSON.stringify) against a schema; the problem, or undefined. */
export function checkBody(schema: z.ZodType, body: unknown): string | undefined {
  const json = JSON.stringify(body);
  const wire: unknown = json === undefined ? null : JSON.parse(json);
  const parsed = schema.safeParse(wire);
  if (!parsed.success) {
    return parsed.error.issues
      .slice(0, 5)
      .map((i) => `${['body', ...i.path].join('.')}: ${i.message}`)
      .join('; ');
  }
  const extra = undocumented(wire, parsed.data, 'body');
  return extra ? `${extra} is not in the schema` : undefined;
}

/** The serializer compiler of the app: checks bodies against their schemas when `check` is on. */
export function responseSerializer(check: boolean): FastifySerializerCompiler<z.ZodType> {
  return ({ schema, method, url, httpStatus }) => {
    if (!check) return (data: unknown) => JSON.stringify(data);
    return (data: unknown) => {
      const problem = checkBody(schema, data);
      if (problem) {
        const err = new ResponseContractError(method, url, String(httpStatus), problem);
        // Tests run with a silent logger: say it where a person running them sees it.
        process.stderr.write(`${err.message}\n`);
        throw err;
      }
      return JSON.stringify(data);
    };
  };
}
