import { type Handlers } from '../http/endpoint.js';
import { createUserAsAdmin, listTeam, listUsers, updateUser } from './service.js';

export const userHandlers = {
  'GET /users': ({ ctx, query }) => listUsers(ctx, query),
  'POST /users': ({ ctx, body }) => createUserAsAdmin(ctx, body),
  'PATCH /users/:id': ({ ctx, user, params, body }) => updateUser(ctx, user.id, params.id, body),
  'GET /team': ({ ctx }) => listTeam(ctx),
} satisfies Partial<Handlers>;
