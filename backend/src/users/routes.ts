import { HANDLED, type Handlers } from '../http/endpoint.js';
import { createUserAsAdmin, listTeam, listUsers, openAvatar, removeAvatar, setAvatar, updateProfile, updateUser } from './service.js';

export const userHandlers = {
  'PATCH /me/profile': ({ ctx, user, body }) => updateProfile(ctx, user.id, body),
  'PUT /me/avatar': ({ ctx, user, files }) => setAvatar(ctx, user.id, files[0]),
  'DELETE /me/avatar': ({ ctx, user }) => removeAvatar(ctx, user.id),
  'GET /avatars/:id': async ({ ctx, params, res }) => {
    const { mimeType, stream } = await openAvatar(ctx, params.id);
    res.status(200);
    res.setHeader('Content-Type', mimeType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', "default-src 'none'; sandbox");
    // Shown on host pages of other origins; the URL is versioned, so a new upload is a new URL.
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    await new Promise<void>((resolve, reject) => {
      stream.on('error', reject);
      res.on('finish', resolve);
      res.on('close', resolve);
      stream.pipe(res);
    });
    return HANDLED;
  },
  'GET /users': ({ ctx, query }) => listUsers(ctx, query),
  'POST /users': ({ ctx, body }) => createUserAsAdmin(ctx, body),
  'PATCH /users/:id': ({ ctx, user, params, body }) => updateUser(ctx, user.id, params.id, body),
  'GET /team': ({ ctx }) => listTeam(ctx),
} satisfies Partial<Handlers>;
