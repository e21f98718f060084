import { describe, expect, it } from 'vitest';
import { markdownToHtml, renderEmail } from './compose.js';

const email = (body: string) =>
  renderEmail({
    brand: { name: 'Acme', color: '#4f46e5' },
    greeting: 'Hi Ada,',
    paragraphs: ['We got your ticket.'],
    quote: { title: 'Order', body },
    footer: 'Acme support',
  });

describe('the Markdown of an email', () => {
  it('renders bold, italic, code, lists, code blocks and links in the HTML part', () => {
    const { html, text } = email('Your **order** is _late_, see `#42`:\n1. Open https://acme.example/orders.\n2. [Mail us](mailto:help@acme.example)\n\n```\nnpm i\n```');
    expect(html).toContain('Your <strong>order</strong> is <em>late</em>, see <code');
    expect(html).toContain('#42</code>:</p>');
    expect(html).toMatch(/<ol[^>]*><li>Open <a href="https:\/\/acme\.example\/orders" target="_blank" rel="noopener noreferrer nofollow">https:\/\/acme\.example\/orders<\/a>\.<\/li><li><a href="mailto:help@acme\.example"/);
    expect(html).toMatch(/<pre[^>]*>npm i<\/pre>/);
    // The text part stays as the customer wrote it: Markdown reads well as plain text.
    expect(text).toContain('> Your **order** is _late_');
  });

  it('keeps script-bearing text inert: escaped, and no javascript: link', () => {
    const html = markdownToHtml('**<script>alert(1)</script>** <img src=x onerror=alert(1)> [x](javascript:alert(1)) "quoted"');
    expect(html).toBe(
      '<p style="margin:0 0 8px;line-height:1.5"><strong>&#60;script&#62;alert(1)&#60;/script&#62;</strong> &#60;img src=x onerror=alert(1)&#62; [x](javascript:alert(1)) &#34;quoted&#34;</p>',
    );
    expect(email('<b onmouseover="x">hi</b>').html).not.toContain('<b ');
  });

  it('escapes a link whose address carries quotes', () => {
    const html = markdownToHtml('[a](https://acme.example/"onclick="x)');
    expect(html).not.toContain('"onclick');
    expect(html).toContain('href="https://acme.example/%22onclick=%22x"');
  });
});
