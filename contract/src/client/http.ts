// One typed HTTP client for every browser front end, made from the route table: a call names its
// route ("GET /tickets/:id"), and its params, query, body and answer are typed by that route's
// schemas. Only the table's types are imported, so no zod reaches the widget's bundle.
import { ApiError, type ErrorBody } from '../errors.js';
import type { AttachmentJson } from '../schemas/attachments.js';
import type { Page } from '../schemas/common.js';
import type { RouteKey, RouteResponse, Routes } from '../routes.js';
import type { z, ZodType } from 'zod';

export type { RouteResponse };

type Input<S> = S extends ZodType ? z.input<S> : never;
type Route<K extends RouteKey> = Routes[K];

type ParamsArg<K extends RouteKey> = Route<K> extends { params: infer P } ? { params: Input<P> } : { params?: never };
type QueryArg<K extends RouteKey> = Route<K> extends { query: infer Q } ? { query?: Input<Q> } : { query?: never };
/** A multipart route also takes its fields and files as FormData. */
type BodyArg<K extends RouteKey> = Route<K> extends { body: infer B }
  ? Route<K> extends { multipart: object }
    ? { body: Input<B> | FormData }
    : { body: Input<B> }
  : Route<K> extends { multipart: object }
    ? { body: FormData }
    : { body?: never };

export interface CallOptions {
  /** Send no bearer token (sign-in calls: their 401 means a wrong password, not an ended session). */
  anonymous?: boolean;
  /** Use this token instead of the client's. */
  token?: string;
  /** A 401 answers this call only (signing out an already revoked token): not `onUnauthorized`. */
  expectUnauthorized?: boolean;
  signal?: AbortSignal;
}

export type RouteArgs<K extends RouteKey> = ParamsArg<K> & QueryArg<K> & BodyArg<K> & CallOptions;

/** Routes whose arguments may be left out entirely. */
type NoRequiredArgs<K extends RouteKey> = object extends ParamsArg<K> & BodyArg<K> ? true : false;
type ArgsTuple<K extends RouteKey> = NoRequiredArgs<K> extends true ? [args?: RouteArgs<K>] : [args: RouteArgs<K>];

/** Routes that answer a Page (paged lists). */
export type PagedRoute = {
  [K in RouteKey]: RouteResponse<K> extends Page<unknown> ? (K extends `GET ${string}` ? K : never) : never;
}[RouteKey];
export type PageItem<K extends PagedRoute> = RouteResponse<K> extends Page<infer T> ? T : never;

export interface ApiClientOptions {
  /** Origin of the Deskline server, '' for the same origin. */
  origin?: string;
  /** The current bearer token, if any. */
  token?: () => string | undefined;
  /** Called when a request made with a token is refused as unauthenticated (revoked or expired). */
  onUnauthorized?: () => void;
  /** How JSON bodies are written (the widget's writer ignores a host page's patched JSON.stringify). */
  toJson?: (value: unknown) => string;
  /** The message of a network failure (status 0), in the front end's words. */
  networkMessage?: string;
  fetch?: typeof fetch;
}

export type ApiClient = ReturnType<typeof createApiClient>;

type Query = Record<string, unknown>;

/** `/tickets/:id` with `{ id: 'a b' }` → `/tickets/a%20b`. */
export function fillPath(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(String(params[name] ?? '')));
}

/** Leaves out empty values; arrays become the comma-separated lists the API reads. */
export function queryString(query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, Array.isArray(value) ? value.join(',') : String(value));
  }
  const qs = params.toString();
  return qs ? `?${qs}` : '';
}

export function createApiClient(options: ApiClientOptions = {}) {
  const origin = options.origin ?? '';
  const toJson = options.toJson ?? JSON.stringify;

  /** The URL of a route, e.g. for an <img> or a download link. */
  function url<K extends RouteKey>(key: K, args: { params?: unknown; query?: unknown } = {}): string {
    const path = key.slice(key.indexOf(' ') + 1);
    return `${origin}/api${fillPath(path, args.params as Record<string, unknown>)}${queryString(args.query as Query)}`;
  }

  async function call<K extends RouteKey>(key: K, ...[args]: ArgsTuple<K>): Promise<RouteResponse<K>> {
    const { body, anonymous, token: explicit, signal, expectUnauthorized } = (args ?? {}) as RouteArgs<K> & { body?: unknown };
    const method = key.slice(0, key.indexOf(' '));
    const token = anonymous ? undefined : (explicit ?? options.token?.());
    const headers: Record<string, string> = { accept: 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const form = typeof FormData !== 'undefined' && body instanceof FormData;
    if (body !== undefined && !form) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await (options.fetch ?? fetch)(url(key, args ?? {}), {
        method,
        headers,
        body: body === undefined ? undefined : form ? (body as FormData) : toJson(body),
        signal,
      });
    } catch (error) {
      if ((error as Error)?.name === 'AbortError') throw error;
      throw new ApiError(0, 'NETWORK', options.networkMessage ?? 'The server could not be reached');
    }
    if (response.status === 204) return undefined as RouteResponse<K>;
    const json = (response.headers.get('content-type') ?? '').includes('json');
    const payload: unknown = json ? await response.json().catch(() => undefined) : undefined;
    if (response.ok) return payload as RouteResponse<K>;
    const error = (payload as Partial<ErrorBody> | undefined)?.error;
    if (response.status === 401 && token && !expectUnauthorized) options.onUnauthorized?.();
    throw new ApiError(
      response.status,
      error?.code ?? `HTTP_${response.status}`,
      error?.message ?? `The server answered ${response.status}`,
      error?.details ?? [],
    );
  }

  /** Each page of a paged list in turn, following `nextCursor` (100 items a page unless `limit` says). */
  async function* pages<K extends PagedRoute>(key: K, ...[args]: ArgsTuple<K>): AsyncGenerator<PageItem<K>[]> {
    const base = (args ?? {}) as CallOptions & { params?: unknown; query?: Query };
    let cursor: string | null | undefined;
    do {
      const query: Query = { limit: 100, ...base.query, ...(cursor ? { cursor } : {}) };
      const page = (await call(key, ...([{ ...base, query }] as unknown as ArgsTuple<K>))) as unknown as Page<PageItem<K>>;
      yield page.items;
      cursor = page.nextCursor;
    } while (cursor);
  }

  /** Every item of a paged list, in the list's order. */
  async function all<K extends PagedRoute>(key: K, ...args: ArgsTuple<K>): Promise<PageItem<K>[]> {
    const items: PageItem<K>[] = [];
    for await (const page of pages(key, ...args)) items.push(...page);
    return items;
  }

  /**
   * Uploads one file to a ticket (POST /tickets/:id/attachments), telling `progress` the share sent
   * (0–1) as it goes: fetch cannot report an upload's progress, XMLHttpRequest can.
   */
  function upload(ticketId: string, file: File, progress?: (sent: number) => void, signal?: AbortSignal): Promise<AttachmentJson> {
    const form = new FormData();
    form.append('file', file, file.name);
    const token = options.token?.();
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('POST', url('POST /tickets/:id/attachments', { params: { id: ticketId } }));
      xhr.setRequestHeader('accept', 'application/json');
      if (token) xhr.setRequestHeader('authorization', `Bearer ${token}`);
      xhr.upload.onprogress = (event) => event.lengthComputable && progress?.(event.loaded / event.total);
      xhr.onerror = () => reject(new ApiError(0, 'NETWORK', options.networkMessage ?? 'The server could not be reached'));
      xhr.onabort = () => reject(new DOMException('Aborted', 'AbortError'));
      xhr.onload = () => {
        let payload: unknown;
        try {
          payload = JSON.parse(xhr.responseText);
        } catch {
          /* not JSON: described by its status */
        }
        if (xhr.status === 201) return resolve(payload as AttachmentJson);
        if (xhr.status === 401 && token) options.onUnauthorized?.();
        const error = (payload as Partial<ErrorBody> | undefined)?.error;
        reject(new ApiError(xhr.status, error?.code ?? `HTTP_${xhr.status}`, error?.message ?? `The server answered ${xhr.status}`, error?.details ?? []));
      };
      signal?.addEventListener('abort', () => xhr.abort());
      xhr.send(form);
    });
  }

  return { call, url, pages, all, upload };
}
