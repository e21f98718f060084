import { describe, expect, it } from 'vitest';
import { resolveKey, SEQUENCE_TIMEOUT_MS, type KeyOutcome, type PendingSequence } from './keymap';

const shortcuts = { r: 'reply', s: 'status', 'g i': 'inbox', 'g s': 'settings', '?': 'help' };

/** Presses keys in turn (at the given times) and collects the shortcuts they run. */
function press(keys: [key: string, at: number][]) {
  let pending: PendingSequence = null;
  const ran: string[] = [];
  for (const [key, at] of keys) {
    const outcome: KeyOutcome<string> = resolveKey(shortcuts, key, pending, at);
    pending = outcome.pending;
    if (outcome.handler) ran.push(outcome.handler);
  }
  return ran;
}

describe('keyboard shortcuts', () => {
  it('a single key runs its shortcut', () => {
    expect(press([['r', 0]])).toEqual(['reply']);
  });

  it('a sequence runs once its second key follows in time', () => {
    expect(press([['g', 0], ['i', 500]])).toEqual(['inbox']);
    expect(press([['g', 0], ['s', 500]])).toEqual(['settings']);
  });

  it('the second key of a sequence never also runs its own shortcut', () => {
    expect(press([['g', 0], ['r', 100]])).toEqual([]);
    expect(press([['g', 0], ['r', 100], ['r', 200]])).toEqual(['reply']);
  });

  it('a sequence left waiting too long is forgotten', () => {
    expect(press([['g', 0], ['s', SEQUENCE_TIMEOUT_MS + 1]])).toEqual(['status']);
  });

  it('keys bound to nothing, and names of object properties, run nothing', () => {
    expect(press([['x', 0], ['constructor', 1], ['toString', 2]])).toEqual([]);
  });
});
