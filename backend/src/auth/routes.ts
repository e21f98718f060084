import { type Handlers, Reply } from '../http/endpoint.js';
import { changePassword, login, logout, register } from './service.js';
import { confirmPasswordReset, requestPasswordReset, signInWithLink } from './emailLinks.js';
import { findUserById, toMeJson } from '../users/service.js';
import { unauthorized } from '../http/errors.js';

export const authHandlers = {
  'POST /auth/register': ({ ctx, body }) => register(ctx, body),
  'POST /auth/login': ({ ctx, body }) => login(ctx, body),
  'POST /auth/logout': async ({ ctx, user }) => {
    await logout(ctx, user);
    return new Reply(204);
  },
  'POST /auth/password': async ({ ctx, user, body }) => {
    await changePassword(ctx, user, body);
    return new Reply(204);
  },
  'POST /auth/link': ({ ctx, body }) => signInWithLink(ctx, body.token),
  'POST /auth/password-reset': async ({ ctx, body }) => {
    // Answered before the lookup: the time taken says nothing about whether the account exists.
    void requestPasswordReset(ctx, body.email).catch((error: unknown) => ctx.log(`Password reset for a request failed: ${(error as Error)?.stack ?? String(error)}`));
    return new Reply(204);
  },
  'POST /auth/password-reset/confirm': async ({ ctx, body }) => {
    await confirmPasswordReset(ctx, body.token, body.newPassword);
    return new Reply(204);
  },
  'GET /auth/me': async ({ ctx, user }) => {
    const record = await findUserById(ctx, user.id);
    if (!record) throw unauthorized();
    return toMeJson(ctx, record);
  },
} satisfies Partial<Handlers>;

