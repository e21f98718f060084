// The server's limits (the contract's), checked before sending so the visitor hears about them at once.
import { MAX_FILES_PER_REQUEST, MAX_UPLOAD_BYTES, PASSWORD_MAX_BYTES, PASSWORD_MIN, TEXT, UPLOAD_TYPES } from '@deskline/contract/limits';
import type { StringKey, Translate } from '../i18n/locales.js';

/** For the file input's `accept`: every extension the server takes. */
export const ALLOWED_EXTENSIONS = Object.values(UPLOAD_TYPES).flat().join(',');
const EXTENSIONS: readonly string[] = Object.values(UPLOAD_TYPES).flat();
/** Windows names a zip file so; the server reads the bytes anyway. */
const allowedType = (file: File) => file.type in UPLOAD_TYPES || file.type === 'application/x-zip-compressed';
const allowedName = (file: File) => EXTENSIONS.includes(file.name.slice(file.name.lastIndexOf('.')).toLowerCase());
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Errors = Record<string, string>;

const length = (value: string, [min, max]: readonly [number, number]) => {
  const n = value.trim().length;
  return n >= min && n <= max;
};

export function validateTicket(
  t: Translate,
  fields: { subject: string; description: string; category: string; email?: string },
  files: File[],
): Errors {
  const errors: Errors = {};
  const check = (ok: boolean, field: string, key: StringKey) => {
    if (!ok) errors[field] = t(key);
  };
  check(length(fields.subject, TEXT.subject), 'subject', 'errSubject');
  check(length(fields.description, TEXT.ticketDescription), 'description', 'errDescription');
  check(Boolean(fields.category), 'category', 'errCategory');
  check(!fields.email || EMAIL.test(fields.email.trim()), 'email', 'errEmail');
  const problems = fileErrors(t, files);
  if (problems) errors.attachment = problems;
  return errors;
}

/** What is wrong with files about to be sent (size, type, count), in one sentence per file; '' if nothing. */
export function fileErrors(t: Translate, files: File[]): string {
  const errors = files.flatMap((file) =>
    file.size > MAX_UPLOAD_BYTES
      ? [t('errFileSize', { name: file.name })]
      : allowedType(file) || allowedName(file)
        ? []
        : [t('errFileType', { name: file.name })],
  );
  if (files.length > MAX_FILES_PER_REQUEST) errors.unshift(t('errFileCount'));
  return errors.join(' ');
}

export function validateAccount(t: Translate, fields: { name?: string; email: string; password: string }, register: boolean): Errors {
  const errors: Errors = {};
  if (register && !length(fields.name ?? '', TEXT.personName)) errors.name = t('errName');
  if (!EMAIL.test(fields.email.trim())) errors.email = t('errEmail');
  if (register ? fields.password.length < PASSWORD_MIN : !fields.password) errors.password = t('errPassword');
  else if (register && tooLong(fields.password)) errors.password = t('errPasswordLong');
  return errors;
}

/** bcrypt reads only 72 bytes of UTF-8, so the server refuses longer passwords. */
const tooLong = (password: string) => new TextEncoder().encode(password).length > PASSWORD_MAX_BYTES;

export function validatePasswordChange(t: Translate, fields: { current: string; next: string; confirm: string }): Errors {
  const errors: Errors = {};
  if (!fields.current) errors.currentPassword = t('errPassword');
  if (fields.next.length < PASSWORD_MIN) errors.newPassword = t('errPassword');
  else if (tooLong(fields.next)) errors.newPassword = t('errPasswordLong');
  else if (fields.next === fields.current) errors.newPassword = t('errPasswordSame');
  if (!errors.newPassword && fields.confirm !== fields.next) errors.confirmPassword = t('errPasswordMismatch');
  return errors;
}
