// A person's email as the console shows it: an email a widget visitor typed is marked unverified,
// because anyone can type anyone's address (an agent's included).
import { cx } from './format';

const UNVERIFIED_HELP = 'Typed by the visitor and not verified: anyone could have entered it';

/** The small marker beside an unverified email (or a name whose email is unverified). */
export function UnverifiedBadge({ className }: { className?: string }) {
  return (
    <span
      data-testid="email-unverified"
      title={UNVERIFIED_HELP}
      className={cx(
        'inline-flex h-4 items-center rounded px-1 text-[11px] font-medium whitespace-nowrap text-amber-800 ring-1 ring-amber-600/25 ring-inset bg-amber-50',
        className,
      )}
    >
      unverified
    </span>
  );
}

/**
 * The email with its standing: a verified one links to mail; an unverified one is plain text with
 * the marker, so it never reads as the account's address.
 */
export function PersonEmail({ email, verified, className }: { email: string; verified: boolean; className?: string }) {
  if (verified) {
    return (
      <a href={`mailto:${email}`} className={cx('hover:text-slate-800 hover:underline', className)} data-testid="email-verified">
        {email}
      </a>
    );
  }
  return (
    <span className={cx('inline-flex min-w-0 items-center gap-1', className)}>
      <span className="truncate">
        {email}
      </span>
      <UnverifiedBadge />
    </span>
  );
}
