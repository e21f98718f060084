import { endpoint, HANDLED, Reply } from '../http/endpoint.js';
import { IdParams } from '../http/schemas.js';
import { Attachment, DownloadQuery } from './schema.js';
import { addAttachment, attachmentFilename, deleteAttachment, openAttachment } from './service.js';

const tag = 'Attachments';
const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export const attachmentEndpoints = [
  endpoint({
    method: 'post',
    path: '/tickets/:id/attachments',
    tag,
    summary: 'Attach a file to a ticket',
    description:
      'multipart/form-data with the field `file`. At most 10 MB (413). The type is decided from the bytes: ' +
      'PNG, JPEG, GIF, WebP, PDF, plain text, CSV and ZIP are accepted; anything else is 415.',
    access: 'user',
    params: IdParams,
    multipart: { fileField: 'file', maxFiles: 1 },
    responses: {
      201: { description: 'Stored', schema: Attachment },
      413: { description: 'File larger than 10 MB, or it would pass the customer storage quota (QUOTA_EXCEEDED)' },
      415: { description: 'File type not allowed' },
      429: { description: 'Too many uploaded bytes from this user or address (RATE_LIMITED), with Retry-After' },
    },
    handle: ({ ctx, user, params, files, req }) => addAttachment(ctx, user, params.id, files, req.ip ?? ''),
  }),
  endpoint({
    method: 'get',
    path: '/attachments/:id',
    tag,
    summary: "Download an attachment's bytes",
    description:
      'With a bearer token of someone who may see the ticket, or with the `expires` and `signature` of the ' +
      "attachment's signed `url`. Images are sent inline, everything else as a download; always with nosniff.",
    access: 'public',
    params: IdParams,
    query: DownloadQuery,
    responses: { 200: { description: 'The file', contentType: 'application/octet-stream' } },
    handle: async ({ ctx, user, params, query, res }) => {
      const { attachment, stream } = await openAttachment(ctx, user, params.id, query);
      res.status(200);
      res.setHeader('Content-Type', attachment.mimeType);
      res.setHeader('Content-Length', String(attachment.size));
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Content-Security-Policy', "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox");
      res.setHeader('Cache-Control', 'private, max-age=600');
      res.attachment(attachmentFilename(attachment.filename, attachment.mimeType));
      if (INLINE_TYPES.has(attachment.mimeType)) {
        res.setHeader('Content-Disposition', String(res.getHeader('Content-Disposition')).replace(/^attachment/, 'inline'));
      }
      // res.attachment() sets a type from the filename's extension: the sniffed type wins.
      res.setHeader('Content-Type', attachment.mimeType);
      await new Promise<void>((resolve, reject) => {
        stream.on('error', reject);
        res.on('finish', resolve);
        res.on('close', resolve);
        stream.pipe(res);
      });
      return HANDLED;
    },
  }),
  endpoint({
    method: 'delete',
    path: '/attachments/:id',
    tag,
    summary: 'Delete an attachment (uploader or admin)',
    access: 'user',
    params: IdParams,
    responses: { 204: { description: 'Deleted, file removed' } },
    handle: async ({ ctx, user, params }) => {
      await deleteAttachment(ctx, user, params.id);
      return new Reply(204);
    },
  }),
];

