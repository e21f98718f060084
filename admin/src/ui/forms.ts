// Server validation errors land on the form field they name, like the browser-side ones.
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
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
