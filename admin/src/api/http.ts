// The console's one way to call the API: same origin, bearer token, the contract's error shape.
import { currentToken, endSession } from '../session/session';

export interface ErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | undefined | null>;

interface RequestOptions {
  body?: unknown;
  query?: Query;
  /** Sign-in calls answer 401 for a wrong password: that must not end the session. */
  allowUnauthenticated?: boolean;
  token?: string;
}

export function apiUrl(path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return `/api${path}${qs ? `?${qs}` : ''}`;
}

export async function api<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const token = options.token ?? currentToken();
  const headers: Record<string, string> = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(apiUrl(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'Cannot reach the server. Check your connection and try again.');
  }
  if (response.status === 204) return undefined as T;
  const payload: unknown = (response.headers.get('content-type') ?? '').includes('json') ? await response.json() : undefined;
  if (response.ok) return payload as T;
  const error = (payload as { error?: { code?: string; message?: string; details?: ErrorDetail[] } } | undefined)?.error;
  if (response.status === 401 && token && !options.allowUnauthenticated) endSession('expired');
  throw new ApiError(
    response.status,
    error?.code ?? `HTTP_${response.status}`,
    error?.message ?? `The server answered ${response.status}`,
    error?.details ?? [],
  );
}

/** The short-lived signed URL of an attachment, made relative so it stays on the console's origin. */
export function sameOriginUrl(url: string): string {
  try {
    const parsed = new URL(url, window.location.origin);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}
