import { endpoint, Reply } from '../http/endpoint.js';
import { AuthResponse, ChangePasswordBody, LoginBody, MeResponse, RegisterBody } from './schema.js';
import { changePassword, login, logout, register } from './service.js';
import { findUserById, toUserJson } from '../users/service.js';
import { unauthorized } from '../http/errors.js';

const tag = 'Auth';

export const authEndpoints = [
  endpoint({
    method: 'post',
    path: '/auth/register',
    tag,
    summary: 'Create a customer account',
    description: 'Always creates a CUSTOMER; a `role` in the body is ignored. Rate limited per address.',
    access: 'public',
    rateLimit: 'register',
    body: RegisterBody,
    responses: {
      201: { description: 'Account created, signed in', schema: AuthResponse },
      409: { description: 'An account with this email already exists' },
    },
    handle: ({ ctx, body }) => register(ctx, body),
  }),
  endpoint({
    method: 'post',
    path: '/auth/login',
    tag,
    summary: 'Sign in with email and password',
    description: 'Wrong email and wrong password get the same 401. Repeated failures from one address get 429.',
    access: 'public',
    rateLimit: 'login',
    body: LoginBody,
    responses: {
      200: { description: 'Signed in', schema: AuthResponse },
      401: { description: 'Email or password is incorrect' },
      429: { description: 'Too many failed attempts' },
    },
    handle: ({ ctx, body }) => login(ctx, body),
  }),
  endpoint({
    method: 'post',
    path: '/auth/logout',
    tag,
    summary: 'Sign out: revoke this token',
    access: 'user',
    beforePasswordChange: true,
    responses: { 204: { description: 'The token is refused from now on, over REST and socket' } },
    handle: async ({ ctx, user }) => {
      await logout(ctx, user);
      return new Reply(204);
    },
  }),
  endpoint({
    method: 'post',
    path: '/auth/password',
    tag,
    summary: 'Change your password',
    description:
      "Needs the current password. All of the user's other tokens stop working at once (their sockets are closed); " +
      'the token making the call keeps working. Clears `mustChangePassword`. A wrong current password is a 403 ' +
      '`WRONG_PASSWORD` and counts, like a failed sign-in, towards the 429 limit per address.',
    access: 'user',
    beforePasswordChange: true,
    rateLimit: 'login',
    body: ChangePasswordBody,
    responses: {
      204: { description: 'Changed; other sessions are signed out' },
      403: {
        description: '`WRONG_PASSWORD`: the current password is incorrect; `NO_PASSWORD`: a widget visitor has none to change',
      },
      429: { description: 'Too many failed attempts' },
    },
    handle: async ({ ctx, user, body }) => {
      await changePassword(ctx, user, body);
      return new Reply(204);
    },
  }),
  endpoint({
    method: 'get',
    path: '/auth/me',
    tag,
    summary: 'The signed-in user',
    access: 'user',
    beforePasswordChange: true,
    responses: { 200: { description: 'The user', schema: MeResponse } },
    handle: async ({ ctx, user }) => {
      const record = await findUserById(ctx, user.id);
      if (!record) throw unauthorized();
      return { user: toUserJson(record) };
    },
  }),
];

