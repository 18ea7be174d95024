// The OpenAPI 3.1 document: generated from the route table's zod schemas, with named components for the
// recursive schemas (survey conditions, segment rules) so that every `$ref` points at a component.
import type { SwaggerOptions } from '@fastify/swagger';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { SegmentRule } from '../listen/contacts/index.js';
import { Condition } from '../listen/surveys/index.js';
import * as api from '../shared/api/index.js';
import { RESPONSE_DESCRIPTIONS } from './openapi-descriptions.js';
import { SESSION_COOKIE } from './routes/auth/routes.js';

/** Schemas with a name in the document. Recursive ones must be here: their cycles are `$ref`s to it. */
const components = z.registry<{ id: string; description?: string }>();
components.add(Condition, { id: 'SurveyCondition', description: 'A condition on answers or attributes' });
components.add(SegmentRule, { id: 'SegmentRule', description: 'Segment rules: all/any/not of tests' });
components.add(api.Problem, { id: 'Problem', description: 'An RFC 9457 problem' });
components.add(api.Score, { id: 'Score', description: 'A score with its n and 95% interval' });
components.add(api.Comparison, { id: 'Comparison', description: 'A two-sample test a - b' });
components.add(api.Survey, { id: 'Survey', description: 'A survey with its current definition' });
components.add(api.FeedbackItem, { id: 'FeedbackItem', description: 'A feedback record' });
components.add(api.TextRun, { id: 'TextRun', description: 'A background text run with its progress' });
components.add(api.Comment, { id: 'Comment', description: 'A comment as plain text with its enrichment' });

/** The problem response every operation documents besides its successes. */
export const problemResponse = {
  description: 'An RFC 9457 problem: `code` is one of the problem types in docs/api.md',
  content: { 'application/problem+json': { schema: api.Problem } },
};

/** The name in `src/shared/api` of each contract schema, to find its response description. */
const CONTRACT_NAMES = new Map<unknown, string>(
  Object.entries(api).flatMap(([name, value]) =>
    value instanceof z.ZodType ? [[value, name] as const] : [],
  ),
);

const toJsonSchema = createJsonSchemaTransform({ schemaRegistry: components });

/**
 * The route's schemas as JSON Schema, each JSON success response described by what its body is
 * (RESPONSE_DESCRIPTIONS, by the body's name in the contract) instead of "Default Response".
 */
const transform: typeof toJsonSchema = (input) => {
  const out = toJsonSchema(input);
  const declared = (input.schema as { response?: Record<string, unknown> } | undefined)?.response ?? {};
  const responses = (out.schema as { response?: Record<string, Record<string, unknown>> }).response ?? {};
  for (const [status, body] of Object.entries(declared)) {
    const name = CONTRACT_NAMES.get(body);
    const description = name === undefined ? undefined : RESPONSE_DESCRIPTIONS[name];
    const json = responses[status];
    if (!description || !json) continue;
    // A reference to a component keeps no extension: its sibling `description` is what the generator reads.
    if ('$ref' in json) json.description = description;
    else json['x-response-description'] = description;
  }
  return out;
};

/** Options of @fastify/swagger. */
export const swaggerOptions: SwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: { title: 'Northstar API', version: '1.0.0', description: 'Customer-experience platform API' },
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'An API key: ns_<prefix>_<secret>' },
        session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
      },
    },
  },
  transform,
  transformObject: createJsonSchemaTransformObject({ schemaRegistry: components }),
};
