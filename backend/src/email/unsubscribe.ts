// The unsubscribe link of every notification, outside /api because people and mail clients
// open it without signing in: GET shows a small page that asks to confirm (a link scanner that
// follows it changes nothing), POST turns that kind of email off. RFC 8058's one-click POST
// (List-Unsubscribe=One-Click) lands on the same POST.
import express, { type Router } from 'express';
import type { AppContext } from '../context.js';
import { turnOffEmail, type EmailTopic } from '../preferences/service.js';
import { escapeHtml } from './compose.js';
import { verifyUnsubscribe } from './links.js';

const WHAT: Record<EmailTopic, string> = {
  newTicket: 'emails about new tickets',
  assigned: 'emails about tickets assigned to you',
  customerReply: 'emails about customer replies on your tickets',
  ticketUpdates: 'emails about your support tickets (replies and status changes)',
};

function page(title: string, body: string): string {
  return [
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '<style>body{font:16px/1.5 system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#111827}',
    'button{font:inherit;padding:.5rem 1rem;border-radius:.375rem;border:0;background:#4f46e5;color:#fff;cursor:pointer}',
    'button:focus-visible{outline:3px solid #111827;outline-offset:2px}</style></head>',
    `<body><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`,
  ].join('');
}

export function unsubscribeRouter(ctx: AppContext): Router {
  const router = express.Router();
  router.use(express.urlencoded({ extended: false, limit: '2kb' }));
  const tokenOf = (req: express.Request) => (typeof req.query.t === 'string' ? req.query.t : '');

  router.get('/unsubscribe', (req, res) => {
    const link = verifyUnsubscribe(ctx, tokenOf(req));
    res.setHeader('Cache-Control', 'no-store');
    if (!link) {
      res.status(400).type('html').send(page('This link does not work', '<p>The unsubscribe link is incomplete or was changed. Use the link from the email as it is.</p>'));
      return;
    }
    const action = `unsubscribe?t=${encodeURIComponent(tokenOf(req))}`;
    res
      .type('html')
      .send(
        page(
          'Unsubscribe',
          `<p>Stop ${escapeHtml(WHAT[link.topic])}?</p><form method="post" action="${escapeHtml(action)}"><button type="submit">Unsubscribe</button></form>`,
        ),
      );
  });

  router.post('/unsubscribe', (req, res, next) => {
    const link = verifyUnsubscribe(ctx, tokenOf(req));
    res.setHeader('Cache-Control', 'no-store');
    if (!link) {
      res.status(400).type('html').send(page('This link does not work', '<p>The unsubscribe link is incomplete or was changed.</p>'));
      return;
    }
    turnOffEmail(ctx, link.userId, link.topic).then(
      () => res.type('html').send(page('You are unsubscribed', `<p>You will get no more ${escapeHtml(WHAT[link.topic])}.</p>`)),
      next,
    );
  });
  return router;
}
