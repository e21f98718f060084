// Changing the signed-in customer's password (POST /api/auth/password): from the home screen, or
// at once after signing in with a password an admin gave them. Their other sessions end.
import { useState } from 'preact/hooks';
import { ApiError } from '../../api/client.js';
import { useShell } from '../context.js';
import { validatePasswordChange, type Errors } from '../validation.js';
import { Field, serverFieldErrors } from './Field.js';

export function ChangePasswordForm() {
  const { c, t } = useShell();
  const required = c.session.phase === 'passwordRequired';
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [formError, setFormError] = useState('');
  const [busy, setBusy] = useState(false);
  const value = (setter: (v: string) => void) => (event: Event) => setter((event.currentTarget as HTMLInputElement).value);

  async function submit(event: Event) {
    event.preventDefault();
    const found = validatePasswordChange(t, { current, next, confirm });
    setErrors(found);
    setFormError(Object.keys(found).length ? t('fixErrors') : '');
    if (Object.keys(found).length) return;
    setBusy(true);
    try {
      await c.changePassword(current, next);
    } catch (error) {
      const api = error instanceof ApiError ? error : undefined;
      if (api?.code === 'WRONG_PASSWORD') {
        setErrors({ currentPassword: t('errWrongPassword') });
        setFormError(t('fixErrors'));
      } else {
        setErrors(api ? serverFieldErrors(api.details) : {});
        setFormError(api?.status === 0 ? t('errNetwork') : api?.status === 429 ? t('errRateLimited') : (error as Error).message);
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="dl-m dl-form" onSubmit={submit} noValidate aria-label={t('changePasswordTitle')}>
      {required && <p class="dl-greet">{t('passwordRequired')}</p>}
      {formError && (
        <p class="dl-err" role="alert">
          {formError}
        </p>
      )}
      <Field id="dl-pw-current" label={t('currentPassword')} error={errors.currentPassword}>
        {(aria) => <input {...aria} type="password" value={current} onInput={value(setCurrent)} autoComplete="current-password" />}
      </Field>
      <Field id="dl-pw-new" label={t('newPassword')} error={errors.newPassword} hint={t('passwordHint')}>
        {(aria) => <input {...aria} type="password" value={next} onInput={value(setNext)} autoComplete="new-password" />}
      </Field>
      <Field id="dl-pw-confirm" label={t('confirmPassword')} error={errors.confirmPassword}>
        {(aria) => <input {...aria} type="password" value={confirm} onInput={value(setConfirm)} autoComplete="new-password" />}
      </Field>
      <button type="submit" class="dl-btn dl-wide" disabled={busy} aria-busy={busy ? 'true' : undefined}>
        {busy ? t('loading') : t('savePassword')}
      </button>
      {required && (
        <button type="button" class="dl-link" onClick={() => void c.logout()}>
          {t('signOut')}
        </button>
      )}
    </form>
  );
}
