// A password input in its labelled Field, wired to the hint or the error (sign in, reset, change, set).
import type { InputHTMLAttributes, ReactNode, Ref } from 'react';
import { describedBy, Field, TextInput } from './controls';

export function PasswordField({
  id,
  label,
  error,
  hint,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type'> & {
  id: string;
  label: string;
  error?: string;
  hint?: ReactNode;
  /** Tells password managers whether to fill a saved password or offer a new one. */
  autoComplete: 'current-password' | 'new-password';
  ref?: Ref<HTMLInputElement>;
}) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <TextInput type="password" {...describedBy(id, error, hint !== undefined)} {...input} />
    </Field>
  );
}
