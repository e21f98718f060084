// Binds the contract's route table to handlers and mounts them: each route's zod schemas validate
// the request at run time and describe it in the published OpenAPI document, so the two can never
// disagree, and its roles decide who may call it.
import { MAX_FILES_PER_REQUEST, MAX_UPLOAD_BYTES, PUBLIC, routes, type RateLimitName, type RouteKey, type RouteResponse, type Routes, type RouteSpec } from '@deskline/contract';
import type { NextFunction, Request, RequestHandler, Response, Router } from 'express';
import multer, { MulterError } from 'multer';
import type { z, ZodType } from 'zod';
import type { AppContext } from '../context.js';
import type { AuthUser } from '../auth/principal.js';
import { AppError, forbidden, toAppError, unauthorized, validationError } from './errors.js';

export interface UploadedFile {
  fieldname: string;
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

type Output<S> = S extends ZodType ? z.output<S> : undefined;
type Route<K extends RouteKey> = Routes[K];
type UserFor<K extends RouteKey> = Route<K>['roles'] extends typeof PUBLIC ? AuthUser | undefined : AuthUser;

export interface HandlerInput<K extends RouteKey> {
  ctx: AppContext;
  user: UserFor<K>;
  body: Output<Route<K> extends { body: infer B } ? B : undefined>;
  query: Output<Route<K> extends { query: infer Q } ? Q : undefined>;
  params: Output<Route<K> extends { params: infer P } ? P : undefined>;
  files: UploadedFile[];
  req: Request;
  res: Response;
}

/** Return one to choose the status; return plain data for the route's first 2xx status. */
export class Reply {
  constructor(
    public readonly status: number,
    public readonly body?: unknown,
  ) {}
}

/** The handler streamed or wrote the response itself. */
export const HANDLED = Symbol('handled');

/**
 * What a route's handler does with its validated input: it answers the route's response (checked
 * here against the contract's schema), or a Reply with another status, or writes the response itself.
 */
export type Handler<K extends RouteKey> = (input: HandlerInput<K>) => Promise<RouteResponse<K> | Reply | typeof HANDLED>;

/** One handler per route of the contract: a route without one fails to compile. */
export type Handlers = { [K in RouteKey]: Handler<K> };

/** A route of the contract with its handler, as mounted (and as the OpenAPI document lists it). */
export interface Endpoint extends RouteSpec {
  key: RouteKey;
  method: 'get' | 'post' | 'patch' | 'put' | 'delete';
  /** Express-style path below /api, e.g. `/tickets/:id`. */
  path: string;
  handle: (input: HandlerInput<RouteKey>) => Promise<unknown>;
}

/** Every route of the contract, in its order, bound to its handler. */
export function bindRoutes(handlers: Handlers): Endpoint[] {
  return (Object.keys(routes) as RouteKey[]).map((key) => {
    const [method, path] = key.split(' ') as [string, string];
    const spec: RouteSpec = routes[key];
    return { ...spec, key, method: method.toLowerCase() as Endpoint['method'], path, handle: handlers[key] as Endpoint['handle'] };
  });
}

/** Whether a role may call the route (a public route: anyone). */
export const allows = (spec: RouteSpec, role: string | undefined) =>
  spec.roles === PUBLIC || (role !== undefined && (spec.roles as readonly string[]).includes(role));

export interface MountOptions {
  ctx: AppContext;
  /** The caller, undefined without credentials; throws on bad credentials. */
  authenticate: (req: Request) => Promise<AuthUser | undefined>;
  rateLimiters: Record<RateLimitName, RequestHandler>;
  /** Runs before a multipart body is read: refuses a caller whose upload budget is spent. */
  beforeUpload?: (user: AuthUser, req: Request) => Promise<void>;
}

const upload = multer({
  storage: multer.memoryStorage(),
  limits: { fileSize: MAX_UPLOAD_BYTES, files: MAX_FILES_PER_REQUEST, fields: 50, fieldSize: 64 * 1024, parts: 80 },
  defParamCharset: 'utf8', // "résumé.pdf" stays "résumé.pdf"
});

export function mountEndpoints(router: Router, endpoints: Endpoint[], options: MountOptions): void {
  for (const spec of endpoints) {
    const successStatus = Number(Object.keys(spec.responses).find((s) => s.startsWith('2')) ?? 200);
    const chain: RequestHandler[] = [];
    if (spec.rateLimit) chain.push(options.rateLimiters[spec.rateLimit]);
    // Who is calling is settled before any upload is read, so strangers cannot make us buffer files.
    chain.push(async (req: Request, res: Response, next: NextFunction) => {
      try {
        // A stale token on a public endpoint is ignored; elsewhere it is a 401. A database outage is
        // not a stale token: it stays a 503 (a 401 would sign the caller out).
        const isPublic = spec.roles === PUBLIC;
        const user = isPublic ? await options.authenticate(req).catch(ignoreStaleToken) : await options.authenticate(req);
        if (!isPublic && !user) throw unauthorized();
        // Until a printed or admin-set password is changed, the token is good for nothing else; on a
        // public endpoint it counts as no token, so signing in again still works.
        const pendingChange = !!user?.mustChangePassword && !spec.beforePasswordChange;
        if (pendingChange && !isPublic) throw passwordChangeRequired();
        if (!allows(spec, user?.role)) {
          throw forbidden(allows(spec, 'AGENT') ? 'Only the support team can do that' : 'Only an admin can do that');
        }
        res.locals.user = pendingChange ? undefined : user;
        next();
      } catch (error) {
        next(error);
      }
    });
    if (spec.multipart) {
      const { fileField, maxFiles } = spec.multipart;
      // multer only acts on multipart requests; JSON bodies pass straight through.
      const parseMultipart = upload.array(fileField, maxFiles);
      const { beforeUpload } = options;
      if (beforeUpload) {
        // Refused before a byte is buffered, so a caller past the budget cannot keep us reading files.
        chain.push((req, res, next) => {
          const user = res.locals.user as AuthUser | undefined;
          if (!user || !isMultipart(req)) return next();
          beforeUpload(user, req).then(() => next(), next);
        });
      }
      chain.push((req, res, next) =>
        parseMultipart(req, res, (error?: unknown) => {
          // Its own limits are MulterErrors; anything else it throws is a body that is not valid multipart.
          if (error && !(error instanceof MulterError) && typeof (error as { status?: unknown }).status !== 'number') {
            next(new AppError('INVALID_MULTIPART', 400, `Request body is not valid multipart/form-data: ${(error as Error).message}`));
          } else next(error);
        }),
      );
    }
    chain.push(async (req: Request, res: Response, next: NextFunction) => {
      try {
        if (spec.body || spec.multipart) assertBodyType(req, spec.multipart ? ['application/json', 'multipart/form-data'] : ['application/json']);
        const input = {
          ctx: options.ctx,
          user: res.locals.user as AuthUser | undefined,
          params: parse(spec.params, req.params, 'params'),
          query: parse(spec.query, req.query, 'query'),
          body: parse(spec.body, spec.multipart && isMultipart(req) ? { ...req.body } : req.body ?? {}, 'body'),
          files: ((req.files as UploadedFile[] | undefined) ?? []).filter((f) => f.fieldname === spec.multipart?.fileField),
          req,
          res,
        };
        const result = await spec.handle(input as HandlerInput<RouteKey>);
        if (result === HANDLED) return;
        const reply = result instanceof Reply ? result : new Reply(successStatus, result);
        if (reply.body === undefined || reply.status === 204) res.status(reply.status).end();
        else res.status(reply.status).json(reply.body);
      } catch (error) {
        next(error);
      }
    });
    router[spec.method](spec.path, ...chain);
  }
}

export const passwordChangeRequired = () =>
  new AppError('PASSWORD_CHANGE_REQUIRED', 403, 'Choose a new password before doing anything else');

function ignoreStaleToken(error: unknown): undefined {
  if (toAppError(error)?.status === 503) throw error;
  return undefined;
}

/** A body in another format would be read as empty and silently ignored: refuse it instead. */
function assertBodyType(req: Request, accepted: string[]): void {
  const hasContent = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length']) > 0;
  if (hasContent && !req.is(accepted)) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', 415, `Send the request body as ${accepted.join(' or ')}`);
  }
}

function isMultipart(req: Request): boolean {
  return (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/form-data');
}

function parse(schema: unknown, value: unknown, where: 'params' | 'query' | 'body'): unknown {
  if (!schema) return undefined;
  const result = (schema as ZodType).safeParse(value);
  if (!result.success) {
    // Ids in the path that fail validation name nothing that exists.
    if (where === 'params') throw new AppError('NOT_FOUND', 404, 'Resource not found');
    throw validationError(result.error, where === 'body' ? undefined : where);
  }
  return result.data;
}
