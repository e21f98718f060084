// The widget's and the portal's HTTP client: the contract's typed client, writing bodies with the
// widget's own JSON writer (a host page may have patched JSON.stringify).
import { createApiClient, type ApiClient } from '@deskline/contract/client';
import { toJson } from '../app/encoding.js';

export { ApiError } from '@deskline/contract/client';
export type Api = ApiClient;

/** The full form sends every field; starting by typing sends the description alone. */
export interface NewTicket {
  subject?: string;
  description: string;
  category?: string;
  priority?: string;
  files: File[];
}

export function createApi(origin: string, token: () => string | undefined, onUnauthorized: () => void): Api {
  return createApiClient({ origin, token, onUnauthorized, toJson: (value) => toJson(value)! });
}

/** POST /tickets as multipart: the fields, and each file as an `attachment` part. */
export function ticketForm(ticket: NewTicket): FormData {
  const form = new FormData();
  form.set('description', ticket.description);
  // A field left out takes the server's default: the subject from the description's first line, the site's category.
  if (ticket.subject !== undefined) form.set('subject', ticket.subject);
  if (ticket.category !== undefined) form.set('category', ticket.category);
  if (ticket.priority !== undefined) form.set('priority', ticket.priority);
  ticket.files.forEach((file) => form.append('attachment', file, file.name));
  // Where the visitor is now: a single-page site moves on without a new session.
  form.set('pageUrl', location.href.slice(0, 2000));
  return form;
}
