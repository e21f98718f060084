import { MAX_FILES_PER_REQUEST, MAX_UPLOAD_BYTES, TEXT } from '@deskline/contract/limits';
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/locales.js';
import { ALLOWED_EXTENSIONS, validateAccount, validatePasswordChange, validateTicket } from './validation.js';

const t = translator('en');
const ticket = { subject: 'Refund please', description: 'I was charged twice.', category: 'billing' };
const file = (name: string, type: string, size = 10) => {
  const f = new File(['x'], name, { type });
  Object.defineProperty(f, 'size', { value: size });
  return f;
};

describe('validateTicket', () => {
  it('accepts a complete ticket', () => {
    expect(validateTicket(t, ticket, [])).toEqual({});
  });

  it("holds subject and description to the contract's lengths, after trimming", () => {
    const [min, max] = TEXT.subject;
    expect(validateTicket(t, { ...ticket, subject: ` ${'a'.repeat(min - 1)}  ` }, [])).toEqual({ subject: t('errSubject') });
    expect(validateTicket(t, { ...ticket, subject: 'a'.repeat(max) }, [])).toEqual({});
    expect(validateTicket(t, { ...ticket, subject: 'a'.repeat(max + 1) }, [])).toEqual({ subject: t('errSubject') });
    expect(validateTicket(t, { ...ticket, description: '   ' }, [])).toEqual({ description: t('errDescription') });
    expect(validateTicket(t, { ...ticket, description: 'a'.repeat(TEXT.ticketDescription[1] + 1) }, [])).toHaveProperty('description');
  });

  it('asks for a category, and a valid email when one is given', () => {
    expect(validateTicket(t, { ...ticket, category: '' }, [])).toEqual({ category: t('errCategory') });
    expect(validateTicket(t, { ...ticket, email: 'not an email' }, [])).toEqual({ email: t('errEmail') });
    expect(validateTicket(t, { ...ticket, email: ' ada@example.com ' }, [])).toEqual({});
  });

  it('checks each file: size, then type by MIME type or by name', () => {
    const ok = [file('a.png', 'image/png'), file('b.log', ''), file('c.zip', 'application/x-zip-compressed'), file('d.JPG', '')];
    expect(validateTicket(t, ticket, ok)).toEqual({});
    const errors = validateTicket(t, ticket, [file('big.pdf', 'application/pdf', MAX_UPLOAD_BYTES + 1), file('run.exe', 'application/x-msdownload')]);
    expect(errors.attachment).toBe(`${t('errFileSize', { name: 'big.pdf' })} ${t('errFileType', { name: 'run.exe' })}`);
  });

  it('counts the files first', () => {
    const files = Array.from({ length: MAX_FILES_PER_REQUEST + 1 }, (_, i) => file(`${i}.txt`, 'text/plain'));
    expect(validateTicket(t, ticket, files).attachment).toBe(t('errFileCount'));
  });

  it("offers the contract's extensions in the file picker", () => {
    expect(ALLOWED_EXTENSIONS.split(',')).toEqual(expect.arrayContaining(['.png', '.jpeg', '.pdf', '.zip', '.txt', '.csv']));
  });
});

describe('validateAccount', () => {
  const account = { name: 'Ada', email: 'ada@example.com', password: 'correct horse' };

  it('registering needs a name, an email and a password of 8 characters to 72 bytes', () => {
    expect(validateAccount(t, account, true)).toEqual({});
    expect(validateAccount(t, { ...account, name: ' ' }, true)).toEqual({ name: t('errName') });
    expect(validateAccount(t, { ...account, password: 'short' }, true)).toEqual({ password: t('errPassword') });
    // 36 two-byte letters: 36 characters but 72 bytes, the most bcrypt reads; one more is refused.
    expect(validateAccount(t, { ...account, password: 'é'.repeat(36) }, true)).toEqual({});
    expect(validateAccount(t, { ...account, password: 'é'.repeat(36) + 'a' }, true)).toEqual({ password: t('errPasswordLong') });
  });

  it('signing in only needs some password (an old one may be shorter)', () => {
    expect(validateAccount(t, { email: 'ada@example.com', password: 'short' }, false)).toEqual({});
    expect(validateAccount(t, { email: 'ada@', password: '' }, false)).toEqual({ email: t('errEmail'), password: t('errPassword') });
  });
});

describe('validatePasswordChange', () => {
  it('wants the current password, a new valid one that differs, confirmed', () => {
    expect(validatePasswordChange(t, { current: 'old password', next: 'new password', confirm: 'new password' })).toEqual({});
    expect(validatePasswordChange(t, { current: '', next: 'short', confirm: 'short' })).toEqual({
      currentPassword: t('errPassword'),
      newPassword: t('errPassword'),
    });
    expect(validatePasswordChange(t, { current: 'same password', next: 'same password', confirm: 'same password' })).toEqual({
      newPassword: t('errPasswordSame'),
    });
    expect(validatePasswordChange(t, { current: 'old password', next: 'new password', confirm: 'new passw0rd' })).toEqual({
      confirmPassword: t('errPasswordMismatch'),
    });
  });
});
