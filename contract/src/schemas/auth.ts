import { z } from 'zod';
import { TEXT } from '../limits.js';
import { Email, Password, text } from './common.js';
import { User } from './users.js';

// Not strict: a `role` (or anything else) in the body is ignored, never honoured.
export const RegisterBody = z
  .object({ name: text(...TEXT.personName), email: Email, password: Password })
  .meta({ id: 'RegisterRequest' });

export const LoginBody = z
  .object({
    email: Email,
    // bcrypt stops at a NUL byte: refusing it keeps "password\0anything" from matching "password".
    password: z.string().min(1, 'must not be empty').max(200).refine((s) => !s.includes('\u0000'), 'must not contain NUL characters'),
  })
  .meta({ id: 'LoginRequest' });

export const ChangePasswordBody = z
  .object({
    currentPassword: LoginBody.shape.password,
    newPassword: Password,
  })
  .strict()
  .refine((b) => b.newPassword !== b.currentPassword, { path: ['newPassword'], message: 'must differ from the current password' })
  .meta({ id: 'ChangePasswordRequest' });

export const AuthResponse = z.object({ token: z.string(), user: User }).meta({ id: 'AuthResponse' });

/** A signed link from an email: opaque to clients, checked by the server. */
const LinkToken = z.string().min(1, 'must not be empty').max(2000);

export const LinkSignInBody = z.object({ token: LinkToken }).strict().meta({ id: 'LinkSignInRequest' });

export const LinkSignInResponse = AuthResponse.extend({
  ticketId: z.string().meta({ description: 'The one ticket this session may see' }),
}).meta({ id: 'LinkSignInResponse' });

export const PasswordResetBody = z.object({ email: Email }).strict().meta({ id: 'PasswordResetRequest' });

export const PasswordResetConfirmBody = z
  .object({ token: LinkToken, newPassword: Password })
  .strict()
  .meta({ id: 'PasswordResetConfirmRequest' });
export const MeResponse = z.object({ user: User });

export type AuthJson = z.infer<typeof AuthResponse>;
