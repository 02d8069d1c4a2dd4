import type { Middleware } from 'koa';
import type { Router, RouterContext } from '@koa/router';
import type { z } from 'zod';
import { ErrorCode } from '../../shared/api/errors.js';
import { bodyParsers, type BodyType } from './body.js';
import { AppError } from './errors.js';
import type { AppState, AuthInfo } from './state.js';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Schema = z.ZodType | undefined;
type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

/** One REST route: the schemas here both validate requests and generate the OpenAPI document. */
export interface RouteSpec<B extends Schema = Schema, Q extends Schema = Schema, P extends Schema = Schema, R extends Schema = Schema> {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  /** true: a signed-in user; 'admin': a signed-in admin. */
  auth: boolean | 'admin';
  body?: B;
  query?: Q;
  params?: P;
  /** Success status; 204 means no body. */
  status: number;
  response?: R;
  /** Error statuses this route can answer with, for the docs. */
  errors?: number[];
  /** How the body is sent (JSON unless set); picks the body handling in front of the route and the documented media type. */
  requestContentType?: BodyType;
}

export type Ctx = RouterContext<AppState>;
export interface Input<B, Q, P> {
  body: Out<B>;
  query: Out<Q>;
  params: Out<P>;
}
type Handler<B, Q, P, R> = (ctx: Ctx, input: Input<B, Q, P>) => Promise<Reply<R>> | Reply<R>;
type Reply<R> = R extends z.ZodType ? z.input<R> | WithStatus<z.input<R>> : void | undefined;

/** A reply whose status differs from the route's default (e.g. 200 instead of 201 when nothing was created). */
export class WithStatus<T> {
  constructor(readonly status: number, readonly body: T) {}
}

/** Collects routes onto a router, each behind the body handling its spec declares, and remembers their specs for the OpenAPI document. */
export class Api {
  readonly specs: RouteSpec[] = [];
  private readonly bodies: Record<BodyType, Middleware<AppState>>;

  constructor(
    readonly router: Router<AppState>,
    private readonly authenticate: Middleware<AppState>,
    private readonly requireAdmin: Middleware<AppState>,
    options: { bodyLimitBytes: number },
  ) {
    this.bodies = bodyParsers(options.bodyLimitBytes);
  }

  route<B extends Schema, Q extends Schema, P extends Schema, R extends Schema>(
    spec: RouteSpec<B, Q, P, R>,
    handler: Handler<B, Q, P, R>,
  ): void {
    this.specs.push(spec as RouteSpec);
    const run = async (ctx: Ctx) => {
      const input = {
        params: parse(spec.params, ctx.params, 'path'),
        query: parse(spec.query, ctx.query, 'query'),
        body: parse(spec.body, ctx.request.body, 'body'),
      } as Input<B, Q, P>;
      const result = await handler(ctx, input);
      if (result instanceof WithStatus) {
        ctx.status = result.status;
        ctx.body = result.body;
      } else {
        ctx.status = spec.status;
        if (spec.status !== 204) ctx.body = result;
      }
    };
    // The body is checked (and JSON read) before the guards, so a wrong media type is a 415 whoever sends it.
    const body = this.bodies[spec.requestContentType ?? 'application/json'];
    const guards = spec.auth === 'admin' ? [this.authenticate, this.requireAdmin] : spec.auth ? [this.authenticate] : [];
    (this.router[spec.method] as (path: string, ...mw: unknown[]) => unknown).call(this.router, spec.path, body, ...guards, run);
  }
}

function parse(schema: z.ZodType | undefined, value: unknown, where: 'path' | 'query' | 'body'): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(where === 'body' && value === undefined ? {} : value);
  if (result.success) return result.data;
  if (where === 'path') {
    throw new AppError(400, ErrorCode.validationFailed, 'Invalid identifier in path', issues(result.error));
  }
  throw new AppError(400, ErrorCode.validationFailed, `Invalid request ${where}`, issues(result.error));
}

function issues(error: z.ZodError) {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

/** The caller of an `auth: true` route. */
export function authOf(ctx: Ctx): AuthInfo {
  if (!ctx.state.auth) throw new AppError(401, ErrorCode.unauthorized, 'Authentication required');
  return ctx.state.auth;
}
