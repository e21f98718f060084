// JSON for everything the widget sends (request bodies, socket packets, what it stores), written
// without the host page's JSON.stringify or any toJSON: pages that patch built-ins (Prototype.js's
// Array.prototype.toJSON double-encodes arrays, a changed Date.prototype.toJSON, a JSON.stringify
// wrapper) would otherwise corrupt what we send. Plain data only: what our payloads are made of.
import { Decoder } from 'socket.io-parser';

// Characters JSON must escape, and lone surrogates (escaped as JSON.stringify does, so they survive UTF-8).
const UNSAFE = /[\u0000-\u001f"\\]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const quote = (text: string) => '"' + text.replace(UNSAFE, (c) => '\\u' + ('000' + c.charCodeAt(0).toString(16)).slice(-4)) + '"';
const hasOwn = Object.prototype.hasOwnProperty;

/** Like JSON.stringify(value) for plain data, whatever the page did to the built-ins; undefined for undefined. */
export function toJson(value: unknown): string | undefined {
  if (value === null) return 'null';
  if (typeof value === 'string') return quote(value);
  if (typeof value === 'number') return isFinite(value) ? '' + value : 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'object') return undefined; // functions, symbols, undefined: left out
  if (value instanceof Date) return isFinite(value.getTime()) ? quote(value.toISOString()) : 'null';
  if (value instanceof String || value instanceof Number || value instanceof Boolean) return toJson(value.valueOf());
  let out = '';
  if (Array.isArray(value)) {
    // An index loop, not for…in or map: pages add enumerable methods to Array.prototype.
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + (toJson(value[i]) ?? 'null');
    return '[' + out + ']';
  }
  for (const key in value) {
    if (!hasOwn.call(value, key)) continue; // inherited (patched-in) properties are not ours
    const json = toJson((value as Record<string, unknown>)[key]);
    if (json !== undefined) out += (out ? ',' : '') + quote(key) + ':' + json;
  }
  return '{' + out + '}';
}

interface Packet {
  type: number;
  nsp: string;
  id?: number;
  data?: unknown;
}

/**
 * socket.io-parser's string encoding (`<type>[<nsp>,][<id>][<json>]`) with toJson. The widget sends
 * no binary, so there are no attachments; the server's default parser decodes it as usual.
 */
class Encoder {
  encode(packet: Packet): string[] {
    let text = '' + packet.type;
    if (packet.nsp && packet.nsp !== '/') text += packet.nsp + ',';
    if (packet.id != null) text += packet.id;
    if (packet.data != null) text += toJson(packet.data);
    return [text];
  }
}

/** For socket.io-client's `parser` option. */
export const socketParser = { Encoder, Decoder };
