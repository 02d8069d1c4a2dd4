import { z } from 'zod';
import { ErrorBody } from '../../shared/api/errors.js';
import type { RouteSpec } from './route.js';

const STATUS_TEXT: Record<number, string> = {
  200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No content', 400: 'Invalid input', 401: 'Not authenticated',
  403: 'Not allowed', 404: 'Not found', 409: 'Conflict', 413: 'Too large', 415: 'Unsupported media type', 429: 'Rate limited',
};

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { target: 'draft-2020-12', io, unrepresentable: 'any' });

/** Builds the OpenAPI 3.1 document from the same route specs that validate requests. */
export function buildOpenApi(specs: RouteSpec[], info: { version: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const path = `/api/v1${spec.path.replace(/:(\w+)/g, '{$1}')}`;
    paths[path] ??= {};
    paths[path][spec.method] = operation(spec);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Parley API', version: info.version, description: 'REST API of Parley, the local-first chat server.' },
    // Relative: the document is right wherever the server is reached (proxy, ephemeral port).
    servers: [{ url: '/' }],
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
      schemas: { Error: jsonSchema(ErrorBody, 'output') },
    },
    paths,
  };
}

function operation(spec: RouteSpec) {
  const responses: Record<string, unknown> = {
    [spec.status]: {
      description: STATUS_TEXT[spec.status] ?? 'Success',
      ...(spec.response ? { content: { 'application/json': { schema: jsonSchema(spec.response, 'output') } } } : {}),
    },
  };
  const errors = new Set([...(spec.errors ?? []), ...(spec.body || spec.query || spec.params ? [400] : []), ...(spec.auth ? [401] : []), ...(spec.auth === 'admin' ? [403] : [])]);
  for (const status of [...errors].sort()) {
    responses[status] = { description: STATUS_TEXT[status] ?? 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
  }
  return {
    summary: spec.summary,
    tags: [spec.tag],
    operationId: `${spec.method}${spec.path.replace(/[/:{}-](\w)?/g, (_, c: string | undefined) => (c ?? '').toUpperCase())}`,
    ...(spec.auth ? { security: [{ bearer: [] }] } : {}),
    parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
    ...(spec.body
      ? { requestBody: { required: true, content: { [spec.requestContentType ?? 'application/json']: { schema: jsonSchema(spec.body, 'input') } } } }
      : {}),
    responses,
  };
}

function parameters(schema: z.ZodType | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  const js = jsonSchema(schema, 'input') as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: where,
    required: where === 'path' || (js.required ?? []).includes(name),
    schema: s,
  }));
}
