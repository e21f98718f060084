// Attachments: the file's type is decided from its bytes, files live in private storage, and
// they are served only to those who may see the ticket, or through a short-lived signed URL.
import { createHmac, timingSafeEqual } from 'node:crypto';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { isAdmin, isTeam, type AuthUser } from '../auth/principal.js';
import { assertSigningSecret } from '../auth/tokens.js';
import type { AppContext } from '../context.js';
import type { Attachment } from '../generated/prisma/client.js';
import { AppError, forbidden, notFound, unauthorized } from '../http/errors.js';
import type { UploadedFile } from '../http/endpoint.js';
import { findVisibleTicket } from '../tickets/access.js';
import { holdUser } from '../users/service.js';
import { UPLOAD_TYPES, type AttachmentJson } from '@deskline/contract';

/** Types recognised from magic bytes that we accept; everything else (html, svg, executables…) is 415. */
const ALLOWED_BINARY_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp', 'application/pdf', 'application/zip']);
const SIGNED_URL_TTL_SECONDS = 60 * 60;
/** Expiry is rounded up to this step so the same attachment keeps one URL for a while (cacheable <img>). */
const SIGNED_URL_STEP_SECONDS = 10 * 60;

export interface InspectedUpload {
  filename: string;
  mimeType: string;
  bytes: Buffer;
}

/** Decides what a file is from its bytes. Throws 415 for types we do not store. */
export async function inspectUpload(file: UploadedFile): Promise<InspectedUpload> {
  const name = safeFilename(file.originalname);
  if (file.size === 0) {
    throw new AppError('VALIDATION_FAILED', 400, `"${name}" is empty`, [{ path: file.fieldname, message: 'file is empty' }]);
  }
  const detected = await fileTypeFromBuffer(file.buffer);
  if (detected && ALLOWED_BINARY_TYPES.has(detected.mime)) {
    return { filename: attachmentFilename(name, detected.mime), mimeType: detected.mime, bytes: file.buffer };
  }
  // Some signatures are two or three letters ("MZ", "BM", "ID3"): a file that is plain text from
  // start to end is text, whatever its first word spells. Real executables always hold control bytes.
  if (isPlainText(file.buffer)) {
    const mimeType = path.extname(name).toLowerCase() === '.csv' ? 'text/csv' : 'text/plain';
    return { filename: attachmentFilename(name, mimeType), mimeType, bytes: file.buffer };
  }
  throw unsupported(name, detected?.mime);
}

function unsupported(filename: string, detected?: string): AppError {
  return new AppError(
    'UNSUPPORTED_FILE_TYPE',
    415,
    `"${filename}"${detected ? ` is ${detected}, which` : ''} is not an allowed file type. Allowed: PNG, JPEG, GIF, WebP, PDF, plain text, CSV and ZIP.`,
  );
}

/** Tags that make a file markup wherever they appear near its start. */
const MARKUP_TAGS = /<\s*(!doctype|html|head|body|script|svg|iframe|object|embed|\?xml|meta|link|style)\b/;
/** What the WHATWG MIME-sniffing standard takes for HTML when a file starts with it. */
const SNIFFED_AS_HTML = /^\s*<(!--|a|b|br|div|font|h1|p|table|title)[\s>]/;

/** UTF-8 text without control characters, and not markup a browser would render. */
function isPlainText(bytes: Buffer): boolean {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  if (/[\u0000-\u0008\u000b\u000e-\u001f\u007f]/.test(text)) return false;
  const head = text.slice(0, 2048).toLowerCase();
  return !MARKUP_TAGS.test(head) && !SNIFFED_AS_HTML.test(head);
}

/**
 * Characters that are invisible or reorder what is shown: controls, format characters (Cf: bidi
 * overrides and isolates, zero-width joiners, BOM…), separators, private use, lone surrogates and
 * other default-ignorables (Hangul fillers). "rtl\u202Egnp.exe" would otherwise show as "rtlexe.png".
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/gu;
const MAX_FILENAME = 200;

/** The first `max` characters, never cutting a surrogate pair in half. */
const truncate = (text: string, max: number) => Array.from(text).slice(0, max).join('');

/** The name shown to people: no directories, only visible characters, bounded. Never used on disk. */
export function safeFilename(name: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  const cleaned = truncate(base.normalize('NFC').replace(INVISIBLE, '').replace(/"/g, '').trim(), MAX_FILENAME).trim();
  return cleaned && cleaned !== '.' && cleaned !== '..' ? cleaned : 'file';
}

/** The extensions a stored type may keep; any other name gets the first one appended. */
const EXTENSIONS_OF: Record<string, readonly string[]> = UPLOAD_TYPES;

/**
 * The name a file is listed and downloaded under: visible characters only, and an extension that
 * matches the type sniffed from its bytes, so a text file named "x.exe" or "x.html" is saved by a
 * browser as "x.exe.txt" / "x.html.txt" and never opened as a program or a page.
 */
export function attachmentFilename(name: string, mimeType: string): string {
  const safe = safeFilename(name);
  const allowed = EXTENSIONS_OF[mimeType] ?? [];
  if (allowed.includes(path.extname(safe).toLowerCase()) || allowed.length === 0) return safe;
  const extension = allowed[0]!;
  return `${truncate(safe, MAX_FILENAME - extension.length)}${extension}`;
}

export function signAttachmentUrl(ctx: AppContext, id: string, now = Date.now()): string {
  const expires = Math.ceil((now / 1000 + SIGNED_URL_TTL_SECONDS) / SIGNED_URL_STEP_SECONDS) * SIGNED_URL_STEP_SECONDS;
  return `${ctx.config.publicUrl}/api/attachments/${id}?expires=${expires}&signature=${signature(ctx, id, expires)}`;
}

function signature(ctx: AppContext, id: string, expires: number): string {
  assertSigningSecret(ctx.config.jwtSecret);
  return createHmac('sha256', ctx.config.jwtSecret).update(`attachment:${id}:${expires}`).digest('base64url');
}

function hasValidSignature(ctx: AppContext, id: string, expires?: number, given?: string): boolean {
  if (!expires || !given || expires * 1000 < Date.now()) return false;
  const expected = Buffer.from(signature(ctx, id, expires));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

export function toAttachmentJson(ctx: AppContext, attachment: Attachment): AttachmentJson {
  return {
    id: attachment.id,
    // Cleaned again when shown: rows stored before a rule was added follow it too.
    filename: attachmentFilename(attachment.filename, attachment.mimeType),
    mimeType: attachment.mimeType,
    size: attachment.size,
    url: signAttachmentUrl(ctx, attachment.id),
    messageId: attachment.messageId,
    createdAt: attachment.createdAt.toISOString(),
  };
}

/**
 * Stores already-inspected files for a ticket. Files are written before rows, and removed if the rows
 * fail. A customer's rows are added holding their user row, after their storage quota is checked
 * again: uploads arriving at once are counted one after the other, never all against the same total.
 */
export async function storeAttachments(ctx: AppContext, ticketId: string, uploaderId: string, uploads: InspectedUpload[]) {
  const keys: string[] = [];
  try {
    for (const upload of uploads) keys.push(await ctx.storage.put(upload.bytes));
    return await ctx.db.$transaction(async (tx) => {
      if ((await holdUser(tx, uploaderId)) === 'CUSTOMER') await assertStorageLeft(ctx, tx, uploaderId, bytesOf(uploads));
      const rows: Attachment[] = [];
      for (const [i, upload] of uploads.entries()) {
        rows.push(
          await tx.attachment.create({
            data: { ticketId, uploaderId, filename: upload.filename, mimeType: upload.mimeType, size: upload.bytes.length, storageKey: keys[i]! },
          }),
        );
      }
      return rows;
    });
  } catch (error) {
    await Promise.all(keys.map((key) => ctx.storage.remove(key).catch(() => {})));
    // The ticket was deleted after it was checked.
    if ((error as { code?: string }).code === 'P2003') throw notFound('Ticket');
    throw error;
  }
}

/**
 * Charges uploads to the uploader's hourly byte budgets (limits/) and holds a customer to the
 * storage quota: the bytes of every attachment they uploaded and have not deleted. The support
 * team has no quota. Call before storing, on every path that stores files.
 */
export async function chargeUploads(ctx: AppContext, user: AuthUser, address: string, uploads: InspectedUpload[]): Promise<void> {
  const bytes = bytesOf(uploads);
  if (bytes === 0) return;
  // Checked here to refuse before anything is charged or written, and again as the rows are added.
  if (!isTeam(user)) await assertStorageLeft(ctx, ctx.db, user.id, bytes);
  await ctx.limits.charge('upload', user, address, bytes);
}

/** 413 when a customer's stored files and these uploads together would pass their storage quota. */
async function assertStorageLeft(ctx: AppContext, db: Pick<AppContext['db'], 'attachment'>, uploaderId: string, bytes: number) {
  const quota = ctx.rateLimits.customerStorageBytes;
  const { _sum } = await db.attachment.aggregate({ where: { uploaderId }, _sum: { size: true } });
  const used = _sum.size ?? 0;
  if (used + bytes > quota) {
    throw new AppError(
      'QUOTA_EXCEEDED',
      413,
      `Your files would take ${megabytes(used + bytes)} of the ${megabytes(quota)} you may store; delete some attachments first`,
    );
  }
}

const bytesOf = (uploads: InspectedUpload[]) => uploads.reduce((sum, upload) => sum + upload.bytes.length, 0);
const megabytes = (bytes: number) => `${(bytes / (1024 * 1024)).toFixed(1)} MB`;

export async function addAttachment(ctx: AppContext, user: AuthUser, ticketId: string, files: UploadedFile[], address: string) {
  const file = files[0];
  if (!file) {
    throw new AppError('VALIDATION_FAILED', 400, 'Send the file as multipart/form-data in the field "file"', [
      { path: 'file', message: 'is required' },
    ]);
  }
  const ticket = await findVisibleTicket(ctx, user, ticketId);
  const upload = await inspectUpload(file);
  await chargeUploads(ctx, user, address, [upload]);
  const [attachment] = await storeAttachments(ctx, ticketId, user.id, [upload]);
  // A ticket's JSON lists its attachments: its followers get it again.
  ctx.events.emit('ticket.updated', { ticket });
  return toAttachmentJson(ctx, attachment!);
}

/** An attachment the user may see (through its ticket), with that ticket; else 404. */
async function findVisibleAttachment(ctx: AppContext, user: AuthUser, id: string) {
  const attachment = await ctx.db.attachment.findUnique({ where: { id } });
  if (!attachment) throw notFound('Attachment');
  const ticket = await findVisibleTicket(ctx, user, attachment.ticketId, 'Attachment');
  return { attachment, ticket };
}

export async function openAttachment(
  ctx: AppContext,
  user: AuthUser | undefined,
  id: string,
  signed: { expires?: number; signature?: string },
) {
  let attachment: Attachment | null;
  if (hasValidSignature(ctx, id, signed.expires, signed.signature)) {
    attachment = await ctx.db.attachment.findUnique({ where: { id } });
    if (!attachment) throw notFound('Attachment');
  } else if (user) {
    ({ attachment } = await findVisibleAttachment(ctx, user, id));
  } else {
    throw unauthorized(signed.signature ? 'This link has expired; reload the ticket for a fresh one' : 'Authentication required');
  }
  try {
    return { attachment, stream: await ctx.storage.open(attachment.storageKey) };
  } catch {
    throw notFound('Attachment file');
  }
}

export async function deleteAttachment(ctx: AppContext, user: AuthUser, id: string): Promise<void> {
  const { attachment, ticket } = await findVisibleAttachment(ctx, user, id);
  if (!isAdmin(user) && attachment.uploaderId !== user.id) throw forbidden('Only the uploader or an admin can delete this attachment');
  // deleteMany: a concurrent delete of the same attachment is a 404, not an error.
  const { count } = await ctx.db.attachment.deleteMany({ where: { id } });
  if (count === 0) throw notFound('Attachment');
  await ctx.storage.remove(attachment.storageKey).catch(() => {});
  ctx.events.emit('ticket.updated', { ticket });
}
