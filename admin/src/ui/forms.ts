// Server validation errors land on the form field they name, like the browser-side ones.
import { useState } from 'react';
import type { FieldValues, Path, UseFormReturn, UseFormSetError } from 'react-hook-form';
import { ApiError } from '../api/http';

/** Puts each `details[].path` on its field; returns a message for the form when none matched. */
export function applyServerErrors<T extends FieldValues>(error: unknown, fields: readonly string[], setError: UseFormSetError<T>): string | undefined {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : 'Something went wrong';
  let placed = false;
  for (const detail of error.details) {
    const field = fields.find((f) => detail.path === f || detail.path.startsWith(`${f}.`));
    if (field) {
      setError(field as Path<T>, { message: detail.message });
      placed = true;
    }
  }
  return placed ? undefined : error.message;
}

/**
 * A form's submit: `send` the valid values; a refusal lands on the fields it names (of `fields`),
 * else in `formError` for under the form.
 */
export function useFormSubmit<TInput extends FieldValues, TOutput>(
  form: UseFormReturn<TInput, unknown, TOutput>,
  fields: readonly string[],
  send: (values: TOutput) => Promise<void>,
) {
  const [formError, setFormError] = useState<string>();
  const submit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    try {
      await send(values);
    } catch (error) {
      setFormError(applyServerErrors(error, fields, form.setError));
    }
  });
  return { submit, formError };
}
