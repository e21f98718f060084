// "Forgot password?" for the team: ask for a reset link by email, and set a new password with the
// link's token (the link opens /admin/login#reset=<token>).
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { z } from 'zod';
import { PasswordResetBody } from '@deskline/contract';
import { api, ApiError } from '../api/http';
import { Button, describedBy, Field, TextInput } from '../ui/controls';
import { ErrorNotice } from '../ui/feedback';
import { Icon } from '../ui/icons';
import { newPasswordFields, withRepeatedPassword } from '../ui/newPassword';
import { PasswordField } from '../ui/PasswordField';
import { AuthCard } from './AuthCard';

const backLink = (onBack: () => void) => (
  <button type="button" onClick={onBack} className="mt-4 text-[13px] font-medium text-indigo-600 underline-offset-2 hover:underline">
    Back to sign in
  </button>
);

export function ForgotPassword({ onBack }: { onBack: () => void }) {
  const form = useForm({ resolver: zodResolver(PasswordResetBody), defaultValues: { email: '' } });
  const { errors, isSubmitting } = form.formState;
  const [sentTo, setSentTo] = useState<string>();
  const [error, setError] = useState<string>();
  const submit = form.handleSubmit(async (body) => {
    setError(undefined);
    try {
      await api.call('POST /auth/password-reset', { body, anonymous: true });
      setSentTo(body.email);
    } catch (e) {
      setError(e instanceof ApiError && e.status === 429 ? 'Too many requests. Wait a few minutes and try again.' : (e as Error).message);
    }
  });
  return (
    <AuthCard title="Reset your password">
      {sentTo ? (
        <div role="status" data-testid="reset-sent" className="mt-3 flex gap-2 text-[13px] text-slate-700">
          <Icon name="check" size={15} className="mt-0.5 shrink-0 text-emerald-600" />
          <p>
            If an account uses <strong>{sentTo}</strong>, an email with a link to choose a new password is on its way. The link works once,
            for 30 minutes.
          </p>
        </div>
      ) : (
        <form onSubmit={submit} noValidate className="mt-4 space-y-4" aria-label="Reset your password">
          <p className="text-[13px] text-slate-500">Enter the email you sign in with. We will send you a link to choose a new password.</p>
          <Field id="reset-email" label="Email" error={errors.email?.message}>
            <TextInput type="email" autoComplete="username" autoFocus {...describedBy('reset-email', errors.email?.message)} {...form.register('email')} />
          </Field>
          {error && <ErrorNotice>{error}</ErrorNotice>}
          <Button type="submit" variant="primary" busy={isSubmitting} className="h-9 w-full">
            Email me a link
          </Button>
        </form>
      )}
      {backLink(onBack)}
    </AuthCard>
  );
}

const NewPasswordForm = withRepeatedPassword(z.object(newPasswordFields));

export function ChooseNewPassword({ token, onDone, onBack }: { token: string; onDone: () => void; onBack: () => void }) {
  const form = useForm({ resolver: zodResolver(NewPasswordForm), defaultValues: { newPassword: '', confirmPassword: '' } });
  const { errors, isSubmitting } = form.formState;
  const [error, setError] = useState<string>();
  const submit = form.handleSubmit(async ({ newPassword }) => {
    setError(undefined);
    try {
      await api.call('POST /auth/password-reset/confirm', { body: { token, newPassword }, anonymous: true });
      onDone();
    } catch (e) {
      setError(
        e instanceof ApiError && e.code === 'INVALID_LINK'
          ? 'This link does not work any more: it was used, or it expired. Ask for a new one.'
          : (e as Error).message,
      );
    }
  });
  return (
    <AuthCard title="Choose a new password">
      <form onSubmit={submit} noValidate className="mt-4 space-y-4" aria-label="Choose a new password">
        <PasswordField id="reset-new" label="New password" error={errors.newPassword?.message} hint="At least 8 characters and at most 72 bytes." autoComplete="new-password" autoFocus {...form.register('newPassword')} />
        <PasswordField id="reset-confirm" label="Repeat the new password" error={errors.confirmPassword?.message} autoComplete="new-password" {...form.register('confirmPassword')} />
        {error && <ErrorNotice>{error}</ErrorNotice>}
        <Button type="submit" variant="primary" busy={isSubmitting} className="h-9 w-full">
          Save the new password
        </Button>
      </form>
      {backLink(onBack)}
    </AuthCard>
  );
}
