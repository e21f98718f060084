import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { en } from './locales.js';
import { LAUNCHER } from './launcher.js';

const dir = new URL('./tables/', import.meta.url);
const tables = readdirSync(dir)
  .filter((name) => name.endsWith('.json'))
  .map((name) => [name.slice(0, -5), JSON.parse(readFileSync(new URL(name, dir), 'utf8')) as Record<string, string>] as const);
const placeholders = (text: string) => [...text.matchAll(/\{\w+\}/g)].map((m) => m[0]).sort();
const launcherKeys = Object.keys(LAUNCHER.en);

describe('the locale tables fetched on demand', () => {
  it('are French, Spanish, German, Portuguese and Arabic, each with launcher words in the loader', () => {
    expect(tables.map(([locale]) => locale).sort()).toEqual(['ar', 'de', 'es', 'fr', 'pt']);
    for (const [locale] of tables) expect(Object.keys(LAUNCHER[locale as keyof typeof LAUNCHER]).sort()).toEqual([...launcherKeys].sort());
  });

  it.each(tables)('%s has every English string, no other, with the same placeholders', (_locale, table) => {
    const keys = Object.keys(en).filter((key) => !launcherKeys.includes(key));
    expect(Object.keys(table).sort()).toEqual(keys.sort());
    for (const key of keys) {
      expect(table[key]!.trim(), key).not.toBe('');
      expect(placeholders(table[key]!), key).toEqual(placeholders(en[key as keyof typeof en]));
    }
  });
});
