// An admin sets someone's password (they forgot theirs): their sessions end, and they must change it at sign-in.
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { UpdateUserBody } from '@deskline/contract';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { api } from '../../api/http';
import type { AdminUser } from '../../api/types';
import { Button } from '../../ui/controls';
import { Dialog } from '../../ui/dialog';
import { ErrorNotice } from '../../ui/feedback';
import { applyServerErrors } from '../../ui/forms';
import { PasswordField } from '../../ui/PasswordField';

const SetPasswordForm = z.object({ password: UpdateUserBody.shape.password.unwrap() });

export function SetPasswordDialog({ user, onClose, onSet }: { user: AdminUser | null; onClose: () => void; onSet: (user: AdminUser) => void }) {
  const form = useForm({ resolver: zodResolver(SetPasswordForm), defaultValues: { password: '' } });
  const { errors, isSubmitting } = form.formState;
  const [formError, setFormError] = useState<string>();
  const close = () => {
    form.reset();
    setFormError(undefined);
    onClose();
  };
  const submit = form.handleSubmit(async ({ password }) => {
    if (!user) return;
    setFormError(undefined);
    try {
      const updated = await api.call('PATCH /users/:id', { params: { id: user.id }, body: { password } });
      form.reset();
      onSet(updated);
    } catch (error) {
      setFormError(applyServerErrors(error, ['password'], form.setError));
    }
  });
  return (
    <Dialog
      open={user !== null}
      onClose={close}
      title={`Set a new password for ${user?.name ?? ''}`}
      labelledBy="set-password-title"
      description="They are signed out everywhere at once, and must choose their own password when they next sign in. Share this one with them privately."
    >
      <form onSubmit={submit} noValidate className="space-y-3" aria-label="Set password">
        <PasswordField id="set-password" label="New password" error={errors.password?.message} hint="At least 8 characters and at most 72 bytes." autoComplete="new-password" {...form.register('password')} />
        {formError && <ErrorNotice>{formError}</ErrorNotice>}
        <div className="flex justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="primary" busy={isSubmitting}>
            Set password
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
