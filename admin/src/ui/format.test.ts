import { describe, expect, it } from 'vitest';
import { cx, duration, fileSize, initials, shortAge } from './format';

describe('formats', () => {
  const now = Date.parse('2026-03-10T12:00:00.000Z');
  const ago = (ms: number) => new Date(now - ms).toISOString();

  it('short ages for a dense table', () => {
    expect(shortAge(ago(30_000), now)).toBe('just now');
    expect(shortAge(ago(5 * 60_000), now)).toBe('5m ago');
    expect(shortAge(ago(3 * 3_600_000 + 59 * 60_000), now)).toBe('3h ago');
    expect(shortAge(ago(2 * 86_400_000), now)).toBe('2d ago');
    // A clock slightly ahead of the server's never shows a negative age.
    expect(shortAge(new Date(now + 5_000).toISOString(), now)).toBe('just now');
    // Past a week, a date.
    expect(shortAge(ago(8 * 86_400_000), now)).not.toMatch(/ago$/);
  });

  it('durations in the largest two units', () => {
    expect(duration(20)).toBe('< 1m');
    expect(duration(42 * 60)).toBe('42m');
    expect(duration(3 * 3600)).toBe('3h');
    expect(duration(3 * 3600 + 10 * 60)).toBe('3h 10m');
    expect(duration(2 * 86_400 + 4 * 3600)).toBe('2d 4h');
    expect(duration(2 * 86_400)).toBe('2d');
  });

  it('file sizes', () => {
    expect(fileSize(900)).toBe('900 B');
    expect(fileSize(1536)).toBe('1.5 KB');
    expect(fileSize(200 * 1024)).toBe('200 KB');
    expect(fileSize(3.25 * 1024 * 1024)).toBe('3.3 MB');
  });

  it('initials from the first and last names', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('Grace Brewster Murray Hopper')).toBe('GH');
    expect(initials('  cher ')).toBe('CH');
    expect(initials('')).toBe('?');
  });

  it('class names without the falsy ones', () => {
    expect(cx('a', false, null, undefined, '', 'b')).toBe('a b');
  });
});
