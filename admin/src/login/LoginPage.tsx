// Sign in for the support team. Customers are told plainly that this console is not for them.
'use client';
import { zodResolver } from '@hookform/resolvers/zod';
import { useRouter, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import { LoginBody } from '@deskline/contract';
import { api, ApiError, revokeToken } from '../api/http';
import type { User } from '../api/types';
import { isTeam } from '../session/roles';
import { readSession, saveSession, SESSION_MESSAGES, type EndReason } from '../session/session';
import { Button, describedBy, Field, TextInput } from '../ui/controls';
import { cx } from '../ui/format';
import { Icon } from '../ui/icons';
import { PasswordField } from '../ui/PasswordField';
import { AuthCard } from './AuthCard';
import { ChooseNewPassword, ForgotPassword } from './PasswordReset';

/** Only paths inside the console: never an open redirect. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : '/inbox';
}

export function LoginPage() {
  const router = useRouter();
  const params = useSearchParams();
  const reason = params.get('reason') as EndReason | null;
  const next = safeNext(params.get('next'));
  const [notice, setNotice] = useState<{ tone: 'info' | 'refusal'; text: string } | null>(null);
  const form = useForm({ resolver: zodResolver(LoginBody), defaultValues: { email: '', password: '' } });
  const { errors, isSubmitting } = form.formState;
  // "Forgot password?", and the reset link's token (in the fragment: never sent to a server log).
  const [reset, setReset] = useState<{ step: 'ask' } | { step: 'choose'; token: string } | null>(null);

  useEffect(() => {
    const token = /^#reset=([\w-]+)$/.exec(window.location.hash)?.[1];
    if (!token) return;
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    setReset({ step: 'choose', token });
  }, []);

  useEffect(() => {
    document.title = 'Sign in · Deskline';
    if (reason && reason in SESSION_MESSAGES) {
      setNotice({ tone: reason === 'customer' ? 'refusal' : 'info', text: SESSION_MESSAGES[reason] });
    } else if (isTeam(readSession()?.user ?? { role: 'CUSTOMER' })) {
      router.replace(next);
    }
  }, [reason, next, router]);

  const onSubmit = form.handleSubmit(async (body) => {
    setNotice(null);
    try {
      const { token, user } = await api.call('POST /auth/login', { body, anonymous: true });
      if (!isTeam(user)) {
        // Never keep a customer's token here: revoke it and explain.
        await revokeToken(token);
        setNotice({ tone: 'refusal', text: SESSION_MESSAGES.customer });
        return;
      }
      saveSession({ token, user });
      router.replace(next);
    } catch (error) {
      if (error instanceof ApiError && error.status === 400) {
        for (const detail of error.details) {
          if (detail.path === 'email' || detail.path === 'password') form.setError(detail.path, { message: detail.message });
        }
      }
      setNotice({
        tone: 'refusal',
        text:
          error instanceof ApiError && error.status === 401
            ? 'That email and password do not match an account.'
            : error instanceof Error
              ? error.message
              : 'Something went wrong. Try again.',
      });
    }
  });

  if (reset?.step === 'ask') return <ForgotPassword onBack={() => setReset(null)} />;
  if (reset?.step === 'choose') {
    return (
      <ChooseNewPassword
        token={reset.token}
        onBack={() => setReset(null)}
        onDone={() => {
          setReset(null);
          setNotice({ tone: 'info', text: 'Your password is changed. Sign in with the new one.' });
        }}
      />
    );
  }

  return (
    <AuthCard
      title="Sign in to the support console"
      footer={
        <p className="mt-5 text-center text-xs text-slate-500">
          Looking for help with a request?{' '}
          <a href="/portal" className="font-medium text-indigo-600 hover:text-indigo-500">
            Go to the help portal
          </a>
        </p>
      }
    >
      <p className="mt-1 text-[13px] text-slate-500">For your support team. Use the account an admin created for you.</p>
      {notice && (
        <div
          role="alert"
          data-testid="login-notice"
          className={cx(
            'mt-4 flex gap-2 rounded-md px-3 py-2.5 text-[13px] ring-1 ring-inset',
            notice.tone === 'refusal' ? 'bg-red-50 text-red-800 ring-red-200' : 'bg-amber-50 text-amber-900 ring-amber-200',
          )}
        >
          <Icon name={notice.tone === 'refusal' ? 'alert' : 'info'} size={15} className="mt-0.5 shrink-0" />
          <span>{notice.text}</span>
        </div>
      )}
      <form onSubmit={onSubmit} noValidate className="mt-5 space-y-4">
        <Field id="email" label="Email" error={errors.email?.message}>
          <TextInput type="email" autoComplete="username" autoFocus {...describedBy('email', errors.email?.message)} {...form.register('email')} />
        </Field>
        <PasswordField id="password" label="Password" error={errors.password?.message} autoComplete="current-password" {...form.register('password')} />
        <Button type="submit" variant="primary" busy={isSubmitting} className="h-9 w-full">
          Sign in
        </Button>
      </form>
      <button
        type="button"
        onClick={() => setReset({ step: 'ask' })}
        className="mt-4 text-[13px] font-medium text-indigo-600 underline-offset-2 hover:underline"
      >
        Forgot password?
      </button>
    </AuthCard>
  );
}
