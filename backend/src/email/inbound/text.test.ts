import { readFileSync } from 'node:fs';
import PostalMime from 'postal-mime';
import { describe, expect, it } from 'vitest';
import { htmlToText, replyText } from './text.js';

/** Replies as Gmail, Outlook and Apple Mail write them (made for these tests, with their quoting and signatures). */
const fixture = async (name: string) => PostalMime.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url)));

describe('the words of a reply, without quoted history and signature', () => {
  it('Gmail: the "On … wrote:" line (wrapped in two), the quote and the "-- " signature are dropped', async () => {
    expect(replyText(await fixture('gmail-reply.eml'))).toBe(
      'Thanks, unplugging it worked. The paper tray is still warm though — is that normal?',
    );
  });

  it('Outlook: everything from the "From: / Sent:" block on is dropped, and the sign-off with it', async () => {
    expect(replyText(await fixture('outlook-reply.eml'))).toBe('It is still smoking after ten minutes. Should I call the fire brigade?');
  });

  it('Apple Mail: "Sent from my iPhone" and the quoted "On … wrote:" are dropped', async () => {
    expect(replyText(await fixture('apple-mail-reply.eml'))).toBe('All fine now, thank you!\nThe smell is gone too.');
  });

  it('HTML-only mail is read as text: entities decoded, markup removed, the quoted part dropped', async () => {
    expect(replyText(await fixture('outlook-html-only.eml'))).toBe(
      'One more thing: the model is "LaserJet 5" & it is 12 years old.\n\n<script> is not a tag here.',
    );
  });

  it('the HTML part alone gives the same words as the text part, for each client', async () => {
    for (const name of ['gmail-reply.eml', 'outlook-reply.eml', 'apple-mail-reply.eml']) {
      const email = await fixture(name);
      expect(replyText({ html: email.html })).toBe(replyText(email));
    }
  });

  it('a reply with nothing above the quote is empty', () => {
    expect(replyText({ text: 'On Mon, 30 Nov 2026 at 22:10, Acme <support@acme.test> wrote:\n> Hi\n' })).toBe('');
    expect(htmlToText('<blockquote>old</blockquote>')).toBe('');
  });
});
