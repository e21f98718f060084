import { describe, expect, it } from 'vitest';
import { SerialPasses } from './serialPasses.js';

const tick = (ms = 0) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SerialPasses', () => {
  it('runs one pass at a time, and kicks during a pass run one more after it, not one each', async () => {
    let active = 0;
    let most = 0;
    let runs = 0;
    let release!: () => void;
    const passes = new SerialPasses(async () => {
      runs++;
      active++;
      most = Math.max(most, active);
      if (runs === 1) await new Promise<void>((resolve) => (release = resolve));
      active--;
      return 60_000;
    });
    passes.kick();
    passes.kick();
    passes.kick();
    await tick();
    expect(runs).toBe(1);
    release();
    await tick(5);
    expect(runs).toBe(2);
    expect(most).toBe(1);
    await passes.close();
  });

  it('sleeps as long as the pass says, then runs again by itself', async () => {
    let runs = 0;
    const passes = new SerialPasses(async () => {
      runs++;
      return 20;
    });
    passes.kick();
    await tick(120);
    expect(runs).toBeGreaterThanOrEqual(3);
    await passes.close();
  });

  it('after close, waits for the pass under way and starts no other, by timer, kick or wake', async () => {
    let runs = 0;
    let release!: () => void;
    const passes = new SerialPasses(async () => {
      runs++;
      await new Promise<void>((resolve) => (release = resolve));
      return 10;
    });
    passes.kick();
    await tick();
    let closed = false;
    const closing = passes.close().then(() => (closed = true));
    await tick();
    expect(closed).toBe(false);
    release();
    await closing;
    expect(passes.closed).toBe(true);
    passes.kick();
    passes.wakeAfter(1);
    await tick(50);
    expect(runs).toBe(1);
  });
});
