import { type Handlers } from '../http/endpoint.js';
import { preferencesOf, updatePreferences } from './service.js';

export const preferenceHandlers = {
  'GET /me/preferences': ({ ctx, user }) => preferencesOf(ctx, user.id),
  'PATCH /me/preferences': ({ ctx, user, body }) => updatePreferences(ctx, user.id, body),
} satisfies Partial<Handlers>;
