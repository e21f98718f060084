// The server's limits, checked before sending so the visitor hears about them at once.
import type { StringKey, Translate } from '../i18n/locales.js';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const MAX_FILES = 10;
const ALLOWED_TYPES = /^(image\/(png|jpeg|gif|webp)|application\/(pdf|zip|x-zip-compressed)|text\/(plain|csv))$/;
export const ALLOWED_EXTENSIONS = '.png,.jpg,.jpeg,.gif,.webp,.pdf,.txt,.csv,.zip';
const ALLOWED_EXTENSION = /\.(png|jpe?g|gif|webp|pdf|txt|csv|zip)$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export type Errors = Record<string, string>;

const length = (value: string, min: number, max: number) => {
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
  check(length(fields.subject, 3, 200), 'subject', 'errSubject');
  check(length(fields.description, 1, 10_000), 'description', 'errDescription');
  check(Boolean(fields.category), 'category', 'errCategory');
  check(!fields.email || EMAIL.test(fields.email.trim()), 'email', 'errEmail');
  const fileErrors = files.flatMap((file) =>
    file.size > MAX_FILE_BYTES
      ? [t('errFileSize', { name: file.name })]
      : ALLOWED_TYPES.test(file.type) || ALLOWED_EXTENSION.test(file.name)
        ? []
        : [t('errFileType', { name: file.name })],
  );
  if (files.length > MAX_FILES) fileErrors.unshift(t('errFileCount'));
  if (fileErrors.length) errors.attachment = fileErrors.join(' ');
  return errors;
}

export function validateAccount(t: Translate, fields: { name?: string; email: string; password: string }, register: boolean): Errors {
  const errors: Errors = {};
  if (register && !length(fields.name ?? '', 1, 100)) errors.name = t('errName');
  if (!EMAIL.test(fields.email.trim())) errors.email = t('errEmail');
  if (register ? fields.password.length < 8 : !fields.password) errors.password = t('errPassword');
  else if (register && tooLong(fields.password)) errors.password = t('errPasswordLong');
  return errors;
}

/** bcrypt reads only 72 bytes of UTF-8, so the server refuses longer passwords. */
const tooLong = (password: string) => new TextEncoder().encode(password).length > 72;

export function validatePasswordChange(t: Translate, fields: { current: string; next: string; confirm: string }): Errors {
  const errors: Errors = {};
  if (!fields.current) errors.currentPassword = t('errPassword');
  if (fields.next.length < 8) errors.newPassword = t('errPassword');
  else if (tooLong(fields.next)) errors.newPassword = t('errPasswordLong');
  else if (fields.next === fields.current) errors.newPassword = t('errPasswordSame');
  if (!errors.newPassword && fields.confirm !== fields.next) errors.confirmPassword = t('errPasswordMismatch');
  return errors;
}
