// On-the-fly compression of dynamic responses (the API's JSON, API docs). Built front-end files are
// precompressed at build time instead (frontends/precompressed.ts).
import compression from 'compression';
import type { RequestHandler } from 'express';

/** Smaller bodies fit in a packet or two anyway; compressing them costs more than it saves. */
export const COMPRESSION_THRESHOLD = 1024;

export function compressResponses(): RequestHandler {
  return compression({
    threshold: COMPRESSION_THRESHOLD,
    filter: (req, res) => {
      // Server-sent events must reach the client event by event, not when a compression block fills.
      if (String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream')) return false;
      // compression() itself leaves alone a response that already has a Content-Encoding (a
      // precompressed file) and types that are compressed already (images, archives).
      return compression.filter(req, res);
    },
  });
}
