import { describe, expect, it } from 'vitest';
import { parseInline, parseMarkdown, safeHref } from './markdown.js';

describe('the Markdown subset', () => {
  it('reads bold, italic and inline code', () => {
    expect(parseInline('Your **order** is _on its way_, see `#42`.')).toEqual([
      'Your ',
      { t: 'strong', c: ['order'] },
      ' is ',
      { t: 'em', c: ['on its way'] },
      ', see ',
      { t: 'code', v: '#42' },
      '.',
    ]);
    expect(parseInline('*one* and __two__')).toEqual([{ t: 'em', c: ['one'] }, ' and ', { t: 'strong', c: ['two'] }]);
    expect(parseInline('**bold with *italic* inside**')).toEqual([{ t: 'strong', c: ['bold with ', { t: 'em', c: ['italic'] }, ' inside'] }]);
  });

  it('leaves stray marks, arithmetic and snake_case as they are', () => {
    expect(parseInline('2 * 3 * 4')).toEqual(['2 * 3 * 4']);
    expect(parseInline('set max_file_size now')).toEqual(['set max_file_size now']);
    expect(parseInline('**not closed')).toEqual(['**not closed']);
    expect(parseInline('a ` b')).toEqual(['a ` b']);
  });

  it('does not parse Markdown inside code', () => {
    expect(parseInline('`**x** [a](https://a.example)`')).toEqual([{ t: 'code', v: '**x** [a](https://a.example)' }]);
  });

  it('makes links of http, https and mailto only', () => {
    expect(parseInline('[docs](https://example.com/a?b=1)')).toEqual([{ t: 'a', href: 'https://example.com/a?b=1', c: ['docs'] }]);
    expect(parseInline('[mail us](mailto:help@example.com)')).toEqual([{ t: 'a', href: 'mailto:help@example.com', c: ['mail us'] }]);
    expect(parseInline('[click](javascript:alert(1))')).toEqual(['[click](javascript:alert(1))']);
    expect(parseInline('[x](data:text/html,hi)')).toEqual(['[x](data:text/html,hi)']);
    expect(parseInline('[x](JavaScript:alert(1))')).toEqual(['[x](JavaScript:alert(1))']);
    expect(safeHref(' javascript:alert(1)')).toBeUndefined();
    expect(safeHref('vbscript:x')).toBeUndefined();
  });

  it('links bare URLs, without the punctuation that ends a sentence', () => {
    expect(parseInline('See https://example.com/help. Or http://x.example/a_(b)!')).toEqual([
      'See ',
      { t: 'a', href: 'https://example.com/help', c: ['https://example.com/help'] },
      '. Or ',
      { t: 'a', href: 'http://x.example/a_(b)', c: ['http://x.example/a_(b)'] },
      '!',
    ]);
    expect(parseInline('(https://example.com)')).toEqual(['(', { t: 'a', href: 'https://example.com/', c: ['https://example.com'] }, ')']);
  });

  it('keeps markup as text: nothing in the tree is HTML', () => {
    expect(parseInline('**<script>alert(1)</script>**')).toEqual([{ t: 'strong', c: ['<script>alert(1)</script>'] }]);
    expect(parseMarkdown('<img src=x onerror=alert(1)>')).toEqual([{ t: 'p', c: ['<img src=x onerror=alert(1)>'] }]);
  });

  it('splits paragraphs on blank lines and keeps single line breaks', () => {
    expect(parseMarkdown('Hello,\nthanks.\n\nBye')).toEqual([
      { t: 'p', c: ['Hello,\nthanks.'] },
      { t: 'p', c: ['Bye'] },
    ]);
  });

  it('reads bulleted and numbered lists', () => {
    expect(parseMarkdown('Steps:\n1. Open **Settings**\n2. Save\n\n- a\n* b')).toEqual([
      { t: 'p', c: ['Steps:'] },
      { t: 'ol', items: [['Open ', { t: 'strong', c: ['Settings'] }], ['Save']] },
      { t: 'ul', items: [['a'], ['b']] },
    ]);
  });

  it('keeps code blocks verbatim, closed or not', () => {
    expect(parseMarkdown('Try:\n```\nnpm i **x**\n  <b>\n```\nok')).toEqual([
      { t: 'p', c: ['Try:'] },
      { t: 'pre', v: 'npm i **x**\n  <b>' },
      { t: 'p', c: ['ok'] },
    ]);
    expect(parseMarkdown('```js\nlet a')).toEqual([{ t: 'pre', v: 'let a' }]);
  });

  it('stays fast and bounded on hostile input', () => {
    const started = Date.now();
    parseMarkdown('**_'.repeat(3000));
    parseMarkdown('*a '.repeat(3000));
    parseMarkdown('['.repeat(10000));
    const deep = parseInline('*'.repeat(20) + 'x' + '*'.repeat(20));
    expect(JSON.stringify(deep).length).toBeLessThan(500);
    expect(Date.now() - started).toBeLessThan(1000);
  });
});
