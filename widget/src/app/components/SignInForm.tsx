// Email + password: sign in, or create an account (POST /api/auth/login, /api/auth/register).
import { TEXT } from '@deskline/contract/limits';
import { useState } from 'preact/hooks';
import { ApiError } from '../../api/client.js';
import { useShell } from '../context.js';
import { validateAccount, type Errors } from '../validation.js';
import { Field, serverFieldErrors } from './Field.js';

export function SignInForm({ register }: { register: boolean }) {
  const { c, t } = useShell();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const value = (setter: (v: string) => void) => (event: Event) => setter((event.currentTarget as HTMLInputElement).value);

  async function submit(event: Event) {
    event.preventDefault();
    const found = validateAccount(t, { name, email, password }, register);
    setErrors(found);
    setFormError(Object.keys(found).length ? t('fixErrors') : '');
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      if (register) await c.register(name.trim(), email.trim(), password);
      else await c.signIn(email.trim(), password);
    } catch (error) {
      const api = error instanceof ApiError ? error : undefined;
      setErrors(api ? serverFieldErrors(api.details) : {});
      setFormError(api?.status === 0 ? t('errNetwork') : api?.status === 429 ? t('errRateLimited') : (error as Error).message);
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
      {register && (
        <Field id="dl-acc-name" label={t('name')} error={errors.name}>
          {(aria) => <input {...aria} value={name} onInput={value(setName)} autoComplete="name" maxLength={TEXT.personName[1]} />}
        </Field>
      )}
      <Field id="dl-acc-email" label={t('email')} error={errors.email}>
        {(aria) => <input {...aria} type="email" value={email} onInput={value(setEmail)} autoComplete="email" />}
      </Field>
      <Field id="dl-acc-password" label={t('password')} error={errors.password}>
        {(aria) => (
          <input {...aria} type="password" value={password} onInput={value(setPassword)} autoComplete={register ? 'new-password' : 'current-password'} />
        )}
      </Field>
      <button type="submit" class="dl-btn dl-wide" disabled={busy}>
        {register ? t('register') : t('signIn')}
      </button>
      <button type="button" class="dl-link" onClick={() => c.navigate({ name: 'signin', register: !register })}>
        {register ? t('haveAccount') : t('noAccount')}
      </button>
    </form>
  );
}
