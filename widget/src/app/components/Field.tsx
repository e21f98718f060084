// A labelled form control with its error, wired for screen readers (aria-invalid, aria-describedby).
import type { ComponentChildren } from 'preact';

export function Field(props: { id: string; label: string; error?: string; hint?: string; children: (aria: Record<string, string | undefined>) => ComponentChildren }) {
  const { id, label, error, hint } = props;
  const described = [hint && `${id}-hint`, error && `${id}-err`].filter(Boolean).join(' ') || undefined;
  return (
    <div class="dl-f">
      <label for={id}>{label}</label>
      {props.children({ id, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': described })}
      {hint && (
        <span class="dl-hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span class="dl-ferr" id={`${id}-err`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** Field errors from the server's VALIDATION_FAILED details (paths such as "subject" or "body.subject"). */
export function serverFieldErrors(details: { path: string; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const { path, message } of details) errors[path.replace(/^body\./, '')] = message;
  return errors;
}
