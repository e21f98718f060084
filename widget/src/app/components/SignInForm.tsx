// Email + password: sign in, or create an account (POST /api/auth/login, /api/auth/register);
// "Forgot password?" asks for a reset link, and `reset` (the link's token) sets a new password.
import { TEXT } from '@deskline/contract/limits';
import { useState } from 'preact/hooks';
import { ApiError } from '../../api/client.js';
import { useShell } from '../context.js';
import type { StringKey } from '../../i18n/locales.js';
import { validateAccount, type Errors } from '../validation.js';
import { Field, serverFieldErrors } from './Field.js';

export function SignInForm({ register, reset, note }: { register: boolean; reset?: string; note?: StringKey }) {
  const { c, t } = useShell();
  const [forgot, setForgot] = useState(false);
  const [done, setDone] = useState(note ? t(note) : '');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const value = (setter: (v: string) => void) => (event: Event) => setter((event.currentTarget as HTMLInputElement).value);

  async function submit(event: Event) {
    event.preventDefault();
    // A reset link checks only the new password, the request only the email.
    const found = validateAccount(t, { name, email: reset ? 'a@b.co' : email, password: forgot ? '-' : password }, register || !!reset);
    if (reset) delete found.name;
    setErrors(found);
    setFormError(Object.keys(found).length ? t('fixErrors') : '');
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      const { api } = c.session;
      if (reset) {
        await api.call('POST /auth/password-reset/confirm', { body: { token: reset, newPassword: password }, anonymous: true });
        c.navigate({ name: 'signin', note: 'resetDone' });
      } else if (forgot) {
        await api.call('POST /auth/password-reset', { body: { email: email.trim() }, anonymous: true });
        setDone(t('resetSent'));
      } else if (register) await c.register(name.trim(), email.trim(), password);
      else await c.signIn(email.trim(), password);
    } catch (error) {
      const api = error instanceof ApiError ? error : undefined;
      const fields = api ? serverFieldErrors(api.details) : {};
      setErrors(reset ? { password: fields.newPassword ?? '' } : fields);
      setFormError(
        api?.code === 'INVALID_LINK' ? t('errLink') : api?.status === 0 ? t('errNetwork') : api?.status === 429 ? t('errRateLimited') : (error as Error).message,
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="dl-m dl-form" onSubmit={submit} noValidate>
      {c.session.isPortal && c.session.phase === 'signedOut' && <p class="dl-greet">{t(register ? 'registerPrompt' : 'signInPrompt')}</p>}
      {formError && (
        <p class="dl-err" role="alert">
          {formError}
        </p>
      )}
      {done && (
        <p class="dl-greet" role="status">
          {done}
        </p>
      )}
      {register && !reset && (
        <Field id="dl-acc-name" label={t('name')} error={errors.name}>
          {(aria) => <input {...aria} value={name} onInput={value(setName)} autoComplete="name" maxLength={TEXT.personName[1]} />}
        </Field>
      )}
      {!reset && (
        <Field id="dl-acc-email" label={t('email')} error={errors.email}>
          {(aria) => <input {...aria} type="email" value={email} onInput={value(setEmail)} autoComplete="email" />}
        </Field>
      )}
      {!forgot && (
        <Field id="dl-acc-password" label={t(reset ? 'newPassword' : 'password')} error={errors.password}>
          {(aria) => (
            <input
              {...aria}
              type="password"
              value={password}
              onInput={value(setPassword)}
              autoComplete={register || reset ? 'new-password' : 'current-password'}
            />
          )}
        </Field>
      )}
      <button type="submit" class="dl-btn dl-wide" disabled={busy}>
        {t(reset ? 'savePassword' : forgot ? 'resetSend' : register ? 'register' : 'signIn')}
      </button>
      {!reset && !forgot && (
        <button type="button" class="dl-link" onClick={() => c.navigate({ name: 'signin', register: !register })}>
          {register ? t('haveAccount') : t('noAccount')}
        </button>
      )}
      {!register && !reset && (
        <button type="button" class="dl-link" onClick={() => (setForgot(!forgot), setDone(''), setFormError(''))}>
          {t(forgot ? 'back' : 'forgotPassword')}
        </button>
      )}
    </form>
  );
}
