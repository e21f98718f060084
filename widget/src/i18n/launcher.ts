// The launcher's own words. The loader ships only these; locales.ts spreads them into each table.
export const LAUNCHER = {
  en: { open: 'Open support chat', close: 'Close support chat', unread: '{n} unread' },
  fr: { open: 'Ouvrir le chat d’assistance', close: 'Fermer le chat d’assistance', unread: '{n} non lus' },
  es: { open: 'Abrir el chat de soporte', close: 'Cerrar el chat de soporte', unread: '{n} sin leer' },
  de: { open: 'Support-Chat öffnen', close: 'Support-Chat schließen', unread: '{n} ungelesen' },
  pt: { open: 'Abrir o chat de suporte', close: 'Fechar o chat de suporte', unread: '{n} não lidas' },
  ar: { open: 'افتح محادثة الدعم', close: 'أغلق محادثة الدعم', unread: '{n} غير مقروءة' },
};

/** Locales written right to left: the widget's root gets dir="rtl" and mirrors. */
export const isRtl = (locale: Locale) => locale === 'ar';

export type Locale = keyof typeof LAUNCHER;

/** `data-locale` wins, then the browser's languages; English when nothing matches. */
export function pickLocale(requested?: string | null): Locale {
  for (const tag of [requested, ...(navigator.languages || [navigator.language])]) {
    const base = (tag || '').slice(0, 2).toLowerCase();
    if (base in LAUNCHER) return base as Locale;
  }
  return 'en';
}

export const format = (text: string, vars: Record<string, string | number> = {}) =>
  text.replace(/\{(\w+)\}/g, (_, key: string) => String(vars[key] ?? ''));
