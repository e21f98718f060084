import { describe, expect, it } from 'vitest';
import { RealtimeError, resendPause } from './realtime.js';

describe('resendPause', () => {
  it("waits as long as a rate limit says, not a retry per second", () => {
    expect(resendPause(new RealtimeError('RATE_LIMITED', 'Too fast', 42))).toBe(42_000);
  });

  it('pauses a second for a refusal without a wait (the database was away, say)', () => {
    expect(resendPause(new RealtimeError('UNAVAILABLE', 'Try again'))).toBe(1_000);
    expect(resendPause(new Error('socket gone'))).toBe(1_000);
    expect(resendPause(new RealtimeError('RATE_LIMITED', 'Too fast', 0))).toBe(1_000);
  });

  it('never waits more than five minutes, whatever a server says', () => {
    expect(resendPause(new RealtimeError('RATE_LIMITED', 'Too fast', 3600))).toBe(300_000);
  });
});
