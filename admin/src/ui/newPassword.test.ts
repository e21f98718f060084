import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { newPasswordFields, withRepeatedPassword } from './newPassword';

const issues = (result: { success: boolean; error?: z.ZodError }) => result.error?.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) ?? [];

describe('a new password typed twice', () => {
  const form = withRepeatedPassword(z.object(newPasswordFields));

  it('is accepted when the repeat matches', () => {
    expect(form.safeParse({ newPassword: 'correct horse', confirmPassword: 'correct horse' })).toEqual({
      success: true,
      data: { newPassword: 'correct horse', confirmPassword: 'correct horse' },
    });
  });

  it('is refused on the repeat field when the repeat differs', () => {
    expect(issues(form.safeParse({ newPassword: 'correct horse', confirmPassword: 'correct hose' }))).toEqual([
      { path: 'confirmPassword', message: 'does not match the new password' },
    ]);
  });

  it("keeps the server's rule on the new password itself", () => {
    const result = form.safeParse({ newPassword: 'short', confirmPassword: 'short' });
    expect(result.success).toBe(false);
    expect(issues(result).map((i) => i.path)).toEqual(['newPassword']);
  });

  it("keeps the form's other fields and rules", () => {
    const change = withRepeatedPassword(
      z
        .object({ currentPassword: z.string().min(1), ...newPasswordFields })
        .refine((f) => f.newPassword !== f.currentPassword, { path: ['newPassword'], message: 'must differ from the current password' }),
    );
    expect(change.safeParse({ currentPassword: 'old secret', newPassword: 'new secret', confirmPassword: 'new secret' }).data).toEqual({
      currentPassword: 'old secret',
      newPassword: 'new secret',
      confirmPassword: 'new secret',
    });
    expect(issues(change.safeParse({ currentPassword: 'same secret', newPassword: 'same secret', confirmPassword: 'other secret' }))).toEqual([
      { path: 'newPassword', message: 'must differ from the current password' },
      { path: 'confirmPassword', message: 'does not match the new password' },
    ]);
  });
});
