import { describe, expect, it } from 'vitest';
import type { AppContext } from '../context.js';
import { uuidv7 } from '../db/ids.js';
import { parseSupportRecipient, replyAddress, replyToken, verifyReplyToken } from './replyAddress.js';

const contextWith = (secret: string, from = 'support@acme.test') =>
  ({ config: { jwtSecret: secret, email: { from: { name: 'Acme', address: from } } } }) as unknown as AppContext;
const ctx = contextWith('a'.repeat(48));

describe('signed reply addresses', () => {
  it("is a plus-address of MAIL_FROM's mailbox that names its ticket, and fits in a local part", () => {
    const ticketId = uuidv7();
    const address = replyAddress(ctx, ticketId);
    expect(address).toMatch(/^support\+[0-9a-f]{32}-[0-9a-f]{20}@acme\.test$/);
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
    expect(verifyReplyToken(ctx, replyToken(ctx, ticketId))).toBe(ticketId);
  });

  it('verifies whatever case a mail system gave the token', () => {
    const ticketId = uuidv7();
    expect(verifyReplyToken(ctx, replyToken(ctx, ticketId).toUpperCase())).toBe(ticketId);
  });

  it('refuses a changed MAC, a MAC moved to another ticket, another server\'s token and malformed ones', () => {
    const [a, b] = [uuidv7(), uuidv7()];
    const token = replyToken(ctx, a);
    const flipped = `${token.slice(0, -1)}${token.endsWith('0') ? '1' : '0'}`;
    const moved = `${replyToken(ctx, b).split('-')[0]}-${token.split('-')[1]}`;
    expect(verifyReplyToken(ctx, flipped)).toBeNull();
    expect(verifyReplyToken(ctx, moved)).toBeNull();
    expect(verifyReplyToken(contextWith('b'.repeat(48)), token)).toBeNull();
    for (const bad of ['', 'x', token.slice(0, -1), `${token}0`, `${token.split('-')[0]}`, `../${token}`]) {
      expect(verifyReplyToken(ctx, bad)).toBeNull();
    }
  });

  it('refuses to sign with a short secret', () => {
    expect(() => replyAddress(contextWith('short'), uuidv7())).toThrow(/Refusing to sign/);
  });

  it('recognises the support address and its plus-addresses only, whatever their case', () => {
    expect(parseSupportRecipient(ctx, 'Support@ACME.test')).toEqual({ token: undefined });
    expect(parseSupportRecipient(ctx, 'support+abc@acme.test')).toEqual({ token: 'abc' });
    expect(parseSupportRecipient(ctx, 'sales@acme.test')).toBeNull();
    expect(parseSupportRecipient(ctx, 'support@acme.test.evil')).toBeNull();
    expect(parseSupportRecipient(ctx, 'supportx+abc@acme.test')).toBeNull();
  });
});
