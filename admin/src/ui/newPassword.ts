// Choosing a new password (the reset link, the account page): the server's rule, and the same
// password typed again.
import { z } from 'zod';
import { Password } from '@deskline/contract';

/** The fields of a new password, for a form's z.object. */
export const newPasswordFields = { newPassword: Password, confirmPassword: z.string() };

/** Refuses a repeat that differs from the new password, on the repeat's field. */
export function withRepeatedPassword<T extends { newPassword: string; confirmPassword: string }, I>(schema: z.ZodType<T, I>): z.ZodType<T, I> {
  return schema.refine((f) => f.confirmPassword === f.newPassword, { path: ['confirmPassword'], message: 'does not match the new password' });
}
