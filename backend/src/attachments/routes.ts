import { HANDLED, type Handlers, Reply } from '../http/endpoint.js';
import { addAttachment, attachmentFilename, deleteAttachment, openAttachment } from './service.js';

const INLINE_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

export const attachmentHandlers = {
  'POST /tickets/:id/attachments': ({ ctx, user, params, files, req }) => addAttachment(ctx, user, params.id, files, req.ip ?? ''),
  'GET /attachments/:id': async ({ ctx, user, params, query, res }) => {
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
  'DELETE /attachments/:id': async ({ ctx, user, params }) => {
    await deleteAttachment(ctx, user, params.id);
    return new Reply(204);
  },
} satisfies Partial<Handlers>;

