// Changing your own password: the account page, and the forced change after a printed or
// admin-set password. Other sessions end on the server; this one keeps working.
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { ChangePasswordBody } from '@deskline/contract';
import { api, ApiError } from '../api/http';
import { Button } from '../ui/controls';
import { ErrorNotice } from '../ui/feedback';
import { applyServerErrors } from '../ui/forms';
import { newPasswordFields, withRepeatedPassword } from '../ui/newPassword';
import { PasswordField } from '../ui/PasswordField';

// The server's rules (ChangePasswordBody), plus typing the new password twice.
const ChangePasswordForm = withRepeatedPassword(
  z
    .object({ currentPassword: ChangePasswordBody.shape.currentPassword, ...newPasswordFields })
    .refine((f) => f.newPassword !== f.currentPassword, { path: ['newPassword'], message: 'must differ from the current password' }),
);

export function ChangePassword({ onChanged, submitLabel = 'Change password' }: { onChanged: () => void; submitLabel?: string }) {
  const form = useForm({
    resolver: zodResolver(ChangePasswordForm),
    defaultValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
  });
  const { errors, isSubmitting } = form.formState;
  const [formError, setFormError] = useState<string>();
  const submit = form.handleSubmit(async ({ currentPassword, newPassword }) => {
    setFormError(undefined);
    try {
      await api.call('POST /auth/password', { body: { currentPassword, newPassword } });
      form.reset();
      onChanged();
    } catch (error) {
      if (error instanceof ApiError && error.code === 'WRONG_PASSWORD') {
        form.setError('currentPassword', { message: 'This is not your current password' }, { shouldFocus: true });
      } else if (error instanceof ApiError && error.status === 429) {
        setFormError('Too many wrong passwords. Wait a few minutes and try again.');
      } else {
        setFormError(applyServerErrors(error, ['currentPassword', 'newPassword'], form.setError));
      }
    }
  });
  return (
    <form onSubmit={submit} noValidate className="space-y-3" aria-label="Change password" data-testid="change-password">
      <PasswordField id="current-password" label="Current password" error={errors.currentPassword?.message} autoComplete="current-password" {...form.register('currentPassword')} />
      <PasswordField id="new-password" label="New password" error={errors.newPassword?.message} hint="At least 8 characters and at most 72 bytes (accented letters count 2, emoji 4)." autoComplete="new-password" {...form.register('newPassword')} />
      <PasswordField id="confirm-password" label="Repeat the new password" error={errors.confirmPassword?.message} autoComplete="new-password" {...form.register('confirmPassword')} />
      {formError && <ErrorNotice>{formError}</ErrorNotice>}
      <Button type="submit" variant="primary" icon="key" busy={isSubmitting} className="w-full sm:w-auto">
        {submitLabel}
      </Button>
    </form>
  );
}
