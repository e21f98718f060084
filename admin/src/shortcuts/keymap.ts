// Which shortcut a key press runs: single keys ("r") and two-key sequences ("g i"). Free of the
// DOM, so the rules are tested on their own; shortcuts.ts feeds it the window's key presses.

/** The first key of a sequence waits this long for the second. */
export const SEQUENCE_TIMEOUT_MS = 1200;

/** A sequence's first key, pressed and still waiting for its second until `until`. */
export type PendingSequence = { key: string; until: number } | null;

export interface KeyOutcome<H> {
  /** The shortcut to run, if the key completes one. */
  handler?: H;
  /** What waits for the next key. */
  pending: PendingSequence;
}

/**
 * Resolves one key press against the bound shortcuts. A key that starts a sequence only waits for
 * its second key; the key after a sequence's first key is never a shortcut of its own.
 */
export function resolveKey<H>(shortcuts: Readonly<Record<string, H>>, key: string, pending: PendingSequence, now: number): KeyOutcome<H> {
  const bound = (combo: string) => (Object.hasOwn(shortcuts, combo) ? shortcuts[combo] : undefined);
  if (pending && pending.until > now) return { handler: bound(`${pending.key} ${key}`), pending: null };
  if (Object.keys(shortcuts).some((combo) => combo.startsWith(`${key} `))) return { pending: { key, until: now + SEQUENCE_TIMEOUT_MS } };
  return { handler: bound(key), pending: null };
}
