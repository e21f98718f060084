import { afterEach, describe, expect, it } from 'vitest';
import { socketParser, toJson } from './encoding.js';

describe('toJson', () => {
  const restore: (() => void)[] = [];
  afterEach(() => restore.splice(0).forEach((undo) => undo()));

  /** Patches a built-in as old libraries do, until the test ends. */
  function patch<T extends object>(target: T, key: PropertyKey, value: unknown) {
    const had = Object.getOwnPropertyDescriptor(target, key);
    Object.defineProperty(target, key, { value, configurable: true, writable: true, enumerable: true });
    restore.push(() => (had ? Object.defineProperty(target, key, had) : delete (target as Record<PropertyKey, unknown>)[key]));
  }

  it('writes plain data as JSON.stringify does (escaping every special character as \\uXXXX)', () => {
    const value = { s: 'a"b\\c\n\u0001', n: 1.5, inf: Infinity, t: true, f: false, z: null, u: undefined, fn: () => 1, a: [1, undefined, 'x'], nested: { d: new Date(0) } };
    expect(JSON.parse(toJson(value)!)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(toJson('a"b')).toBe('"a\\u0022b"');
    expect(toJson(undefined)).toBeUndefined();
    expect(toJson(new String('boxed'))).toBe('"boxed"');
  });

  it('escapes lone surrogates, which would not survive UTF-8', () => {
    expect(toJson('\ud800 and \udc00 but 😀')).toBe('"\\ud800 and \\udc00 but 😀"');
  });

  it("ignores a page's toJSON and enumerable prototype additions (Prototype.js, MooTools)", () => {
    patch(Array.prototype, 'toJSON', function (this: unknown[]) {
      return JSON.stringify(this.slice()); // Prototype.js 1.6: arrays become strings
    });
    patch(Array.prototype, 'each', () => {});
    patch(Object.prototype, 'extra', 1);
    patch(Date.prototype, 'toJSON', () => 'local time');
    expect(toJson({ files: ['a', 'b'], at: new Date(0) })).toBe('{"files":["a","b"],"at":"1970-01-01T00:00:00.000Z"}');
  });

  it("does not call the page's JSON.stringify", () => {
    patch(JSON, 'stringify', () => 'patched');
    expect(toJson({ ok: [1] })).toBe('{"ok":[1]}');
  });
});

describe('socketParser', () => {
  it("encodes packets as socket.io-parser's text format", () => {
    const encoder = new socketParser.Encoder();
    expect(encoder.encode({ type: 2, nsp: '/', id: 7, data: ['message:send', { body: 'Hi', tags: ['a'] }] })).toEqual([
      '27["message:send",{"body":"Hi","tags":["a"]}]',
    ]);
    expect(encoder.encode({ type: 0, nsp: '/admin', data: { token: 't' } })).toEqual(['0/admin,{"token":"t"}']);
  });
});
