// Light or dark: the site's theme.mode, where `auto` follows the visitor's system and changes with it.
import type { WidgetConfigJson } from '../api/types.js';

export function followThemeMode(wrap: HTMLElement, mode: WidgetConfigJson['theme']['mode'] = 'light'): void {
  const media = matchMedia('(prefers-color-scheme: dark)');
  const apply = () => wrap.classList.toggle('dark', mode === 'dark' || (mode === 'auto' && media.matches));
  apply();
  if (mode === 'auto') media.addEventListener('change', apply);
}
