import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { LoginBody, RegisterBody } from '../../shared/api/accounts.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

interface Operation {
  operationId: string;
  summary: string;
  tags: string[];
  security?: unknown[];
  parameters: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { required: boolean; content: Record<string, { schema: Record<string, any> }> };
  responses: Record<string, { description: string; content?: Record<string, { schema: Record<string, any> }> }>;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

let s: TestServer;
let doc: any;
const operations: { path: string; method: string; op: Operation }[] = [];

beforeAll(async () => {
  s = await startTestServer();
  const r = await s.request('GET', '/api/v1/openapi.json');
  expect(r.status).toBe(200);
  expect(r.headers.get('content-type')).toMatch(/^application\/json/);
  doc = r.body;
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
    for (const method of METHODS) if (item[method]) operations.push({ path, method, op: item[method] });
  }
});
afterAll(() => s?.stop());

/** An object schema without extra properties, or a union (anyOf/oneOf) of such. */
function isStrictObject(schema: Record<string, any>): boolean {
  const branches = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(branches)) return branches.length > 0 && branches.every((b: Record<string, any>) => isStrictObject(b));
  return schema.type === 'object' && schema.additionalProperties === false;
}

const bodySchema = (path: string, method = 'post') => doc.paths[path][method].requestBody.content['application/json'].schema;

describe('GET /api/v1/openapi.json', () => {
  it('is an OpenAPI 3.1.0 document with bearer auth and the error shape', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    const error = doc.components.schemas.Error;
    expect(error.properties.error.properties).toHaveProperty('code');
    expect(error.properties.error.properties).toHaveProperty('message');
  });

  it('documents the health, auth and users routes, with path parameters as {name}', () => {
    const paths = Object.keys(doc.paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/health',
        '/api/v1/auth/register',
        '/api/v1/auth/verify-email',
        '/api/v1/auth/login',
        '/api/v1/auth/refresh',
        '/api/v1/auth/logout',
        '/api/v1/users/me',
        '/api/v1/users/search',
        '/api/v1/users/{id}',
        '/api/v1/users/me/sessions/{id}',
      ]),
    );
    for (const path of paths) {
      expect(path).toMatch(/^\/api\/v1\//);
      expect(path).not.toContain(':');
    }
    expect(doc.paths['/api/v1/auth/register']).toHaveProperty('post');
    expect(doc.paths['/api/v1/users/me']).toHaveProperty('get');
    expect(doc.paths['/api/v1/users/me']).toHaveProperty('patch');
    expect(doc.paths['/api/v1/users/me']).toHaveProperty('delete');
  });

  it('documents messaging receipts, thumbnails and avatars, uploads as multipart', () => {
    const methods = (path: string) => Object.keys(doc.paths[path] ?? {}).filter((m) => (METHODS as readonly string[]).includes(m)).sort();
    expect(methods('/api/v1/conversations/{id}/delivered')).toEqual(['post']);
    expect(methods('/api/v1/attachments/{id}/thumbnail')).toEqual(['get']);
    expect(methods('/api/v1/users/me/avatar')).toEqual(['delete', 'put']);
    expect(methods('/api/v1/groups/{id}/avatar')).toEqual(['delete', 'put']);
    expect(methods('/api/v1/avatars/{avatarId}')).toEqual(['get']);
    for (const path of ['/api/v1/attachments', '/api/v1/users/me/avatar', '/api/v1/groups/{id}/avatar']) {
      const op = doc.paths[path].post ?? doc.paths[path].put;
      expect(Object.keys(op.requestBody.content), path).toEqual(['multipart/form-data']);
      expect(op.responses, path).toHaveProperty('413');
      expect(op.responses, path).toHaveProperty('415');
    }
    expect(doc.paths['/api/v1/groups/{id}/avatar'].put.responses).toHaveProperty('403');
  });

  it('declares every {param} of a path as a required path parameter', () => {
    for (const { path, method, op } of operations) {
      const names = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const declared = op.parameters.filter((p) => p.in === 'path');
      expect(declared.map((p) => p.name).sort(), `${method} ${path}`).toEqual(names.sort());
      for (const p of declared) expect(p.required).toBe(true);
    }
    const id = doc.paths['/api/v1/users/{id}'].get.parameters.find((p: { name: string }) => p.name === 'id');
    expect(id).toMatchObject({ in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
  });

  it("derives request bodies from the zod schemas that validate them (register's username rules)", () => {
    const register = bodySchema('/api/v1/auth/register');
    expect(register.type).toBe('object');
    expect(register.required).toEqual(expect.arrayContaining(['username', 'email', 'password']));
    expect(register.additionalProperties).toBe(false);
    expect(register.properties.username).toMatchObject({ type: 'string', minLength: 3, maxLength: 32, pattern: '^[a-z0-9_.-]+$' });
    expect(register.properties.password).toMatchObject({ type: 'string', minLength: 8 });

    // One source of truth: exactly what zod produces for the shared schemas.
    const fromZod = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
    expect(register).toEqual(fromZod(RegisterBody));
    expect(bodySchema('/api/v1/auth/login')).toEqual(fromZod(LoginBody));
  });

  it('the documented username pattern is the one the server enforces', async () => {
    const pattern = new RegExp(bodySchema('/api/v1/auth/register').properties.username.pattern as string);
    for (const username of ['ok_name', 'Bad Name', 'emoji😀']) {
      const r = await s.request('POST', '/api/v1/auth/register', {
        body: { username, email: `${randomUUID()}@example.com`, password: 'a fine long password' },
      });
      const documentedValid = pattern.test(username.toLowerCase());
      expect(r.status === 201, username).toBe(documentedValid);
    }
  });

  it('documents the query of user search', () => {
    const params = doc.paths['/api/v1/users/search'].get.parameters as Operation['parameters'];
    expect(params.find((p) => p.name === 'q')).toMatchObject({ in: 'query', required: true, schema: { type: 'string', minLength: 1 } });
    expect(params.find((p) => p.name === 'page')).toMatchObject({ in: 'query', required: false });
    expect(params.find((p) => p.name === 'size')).toMatchObject({ in: 'query', required: false, schema: { maximum: 100 } });
  });

  it('every operation has a unique id, a summary, success and error responses, and strict JSON bodies', () => {
    expect(operations.length).toBeGreaterThan(10);
    const ids = operations.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { path, method, op } of operations) {
      const where = `${method} ${path}`;
      expect(op.summary, where).toBeTruthy();
      expect(Object.keys(op.responses).some((status) => /^2\d\d$/.test(status)), where).toBe(true);
      for (const [status, response] of Object.entries(op.responses)) {
        if (Number(status) >= 400) expect(response.content?.['application/json']?.schema, `${where} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
      }
      const json = op.requestBody?.content['application/json'];
      if (json) {
        expect(op.responses, where).toHaveProperty('400');
        expect(isStrictObject(json.schema), `${where}: an object that refuses unknown fields`).toBe(true);
      }
      if (op.security) expect(op.responses, where).toHaveProperty('401');
    }
    expect(doc.paths['/api/v1/users/me'].get.security).toEqual([{ bearer: [] }]);
    expect(doc.paths['/api/v1/auth/login'].post.security).toBeUndefined();
  });

  it('every documented operation is routed (no 404 "No route" and no 405)', async () => {
    for (const { path, method, op } of operations) {
      const url = path.replace(/\{\w+\}/g, () => randomUUID());
      const r = await s.request(method.toUpperCase(), url, op.requestBody?.content['application/json'] ? { body: {} } : {});
      expect(r.status, `${method} ${path}`).not.toBe(405);
      if (r.status === 404) expect(r.body.error.message, `${method} ${path}`).not.toMatch(/^No route/);
      expect(r.status, `${method} ${path}`).toBeLessThan(500);
    }
  });
});

describe('/docs', () => {
  it('serves an HTML page that only references local assets', async () => {
    const r = await s.request('GET', '/docs');
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/html/);
    const html = r.body as string;
    expect(html).not.toMatch(/https?:\/\//i);
    const refs = [...html.matchAll(/\b(?:src|href)="([^"]+)"/g)].map((m) => m[1] as string);
    expect(refs).toEqual(expect.arrayContaining(['/docs/swagger-ui.css', '/docs/swagger-ui-bundle.js']));
    for (const ref of refs) {
      expect(ref, ref).toMatch(/^\/(?!\/)/);
      const asset = await s.request('GET', ref);
      expect(asset.status, ref).toBe(200);
    }
  });

  it('points Swagger UI at the local document and at no online validator', async () => {
    const init = await s.request('GET', '/docs/init.js');
    expect(init.status).toBe(200);
    expect(init.headers.get('content-type')).toMatch(/javascript/);
    expect(init.body).toContain('/api/v1/openapi.json');
    expect(init.body).not.toMatch(/https?:\/\//i);
    expect(init.body).toMatch(/validatorUrl:\s*(null|['"]none['"])/);
  });

  it('serves swagger-ui-bundle.js and swagger-ui.css from the npm package', async () => {
    const js = await s.request('GET', '/docs/swagger-ui-bundle.js');
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect(String(js.body)).toContain('SwaggerUIBundle');
    const css = await s.request('GET', '/docs/swagger-ui.css');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect(String(css.body)).toContain('.swagger-ui');
  });

  it('serves nothing else from the package directory', async () => {
    for (const path of ['/docs/package.json', '/docs/..%2Fpackage.json', '/docs/index.html', '/docs/swagger-ui-bundle.js.map']) {
      const r = await s.request('GET', path);
      expect(r.status, path).toBe(404);
      expect(r.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
    }
  });
});
