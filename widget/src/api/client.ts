// The typed HTTP client of the widget and the portal: bearer token, the contract's error shape.
import { toJson } from '../app/encoding.js';
import type { AuthJson, CategoryJson, CommentJson, MessageJson, Page, TicketJson, UnreadCountsJson, UserJson, WidgetSessionJson } from './types.js';

export class ApiError extends Error {
  constructor(
    /** 0 when the server could not be reached. */
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
  }
}

export interface WidgetSessionRequest {
  siteKey: string;
  visitorId?: string;
  name?: string;
  email?: string;
  identity?: { token: string } | { externalId: string; name?: string; email?: string; signature: string };
}

export interface NewTicket {
  subject: string;
  description: string;
  category: string;
  priority: string;
  files: File[];
}

export type Api = ReturnType<typeof createApi>;

export function createApi(origin: string, token: () => string | undefined, onUnauthorized: () => void) {
  async function request<T>(method: string, path: string, body?: unknown, anonymous = false): Promise<T> {
    const headers: Record<string, string> = {};
    const bearer = anonymous ? undefined : token();
    if (bearer) headers.authorization = `Bearer ${bearer}`;
    if (body !== undefined && !(body instanceof FormData)) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await fetch(`${origin}/api${path}`, {
        method,
        headers,
        body: body instanceof FormData ? body : body === undefined ? undefined : toJson(body),
      });
    } catch {
      throw new ApiError(0, 'NETWORK', 'The server could not be reached');
    }
    if (res.status === 204) return undefined as T;
    const payload = await res.json().catch(() => ({}));
    if (!res.ok) {
      const error = payload.error ?? {};
      if (error.code === 'UNAUTHENTICATED' && bearer) onUnauthorized(); // the token was revoked or expired
      throw new ApiError(res.status, error.code ?? 'HTTP_' + res.status, error.message ?? res.statusText, error.details);
    }
    return payload as T;
  }

  /** Every page of a list that is read oldest first (comments, messages). */
  async function all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    let cursor: string | null = null;
    do {
      const page: Page<T> = await request('GET', `${path}?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      items.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }

  return {
    widgetSession: (body: WidgetSessionRequest) => request<WidgetSessionJson>('POST', '/widget/session', body, true),
    login: (email: string, password: string) => request<AuthJson>('POST', '/auth/login', { email, password }, true),
    register: (name: string, email: string, password: string) => request<AuthJson>('POST', '/auth/register', { name, email, password }, true),
    logout: () => request<void>('POST', '/auth/logout'),
    changePassword: (currentPassword: string, newPassword: string) =>
      request<void>('POST', '/auth/password', { currentPassword, newPassword }),
    me: () => request<{ user: UserJson }>('GET', '/auth/me'),
    categories: () => request<CategoryJson[]>('GET', '/categories'),
    tickets: () => request<Page<TicketJson>>('GET', '/tickets?limit=100'),
    ticket: (id: string) => request<TicketJson>('GET', `/tickets/${encodeURIComponent(id)}`),
    createTicket(ticket: NewTicket) {
      const form = new FormData();
      form.set('subject', ticket.subject);
      form.set('description', ticket.description);
      form.set('category', ticket.category);
      form.set('priority', ticket.priority);
      ticket.files.forEach((file) => form.append('attachment', file, file.name));
      return request<TicketJson>('POST', '/tickets', form);
    },
    comments: (ticketId: string) => all<CommentJson>(`/tickets/${encodeURIComponent(ticketId)}/comments`),
    messages: (ticketId: string) => all<MessageJson>(`/tickets/${encodeURIComponent(ticketId)}/messages`),
    unread: () => request<UnreadCountsJson>('GET', '/messages/unread-count'),
  };
}
