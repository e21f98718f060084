// What every component needs: the controller, the translator, and how the panel is shown.
import { createContext } from 'preact';
import { useContext, useEffect, useState } from 'preact/hooks';
import type { Translate } from '../i18n/locales.js';
import type { Locale } from '../i18n/launcher.js';
import type { Controller } from './controller.js';
import type { WidgetConfigJson } from '../api/types.js';

export interface Shell {
  c: Controller;
  t: Translate;
  locale: Locale;
  /** Widget only: hides the panel (the portal is always shown). */
  close?: () => void;
  greeting?: string;
  /** The panel's title: the site's name in the widget (as the console's preview shows it). */
  siteName?: string;
  /** The team's presence, who is online and the usual reply time, from the widget's config. */
  team?: Pick<WidgetConfigJson, 'presence' | 'onlineTeam' | 'replyTime' | 'outsideHours' | 'awayMessage'>;
}

export const ShellContext = createContext<Shell>(null as unknown as Shell);

export const useShell = (): Shell => useContext(ShellContext);

/** Re-renders the caller (the root: children follow) on every controller change. */
export function useControllerUpdates(c: Controller): void {
  const [, setVersion] = useState(0);
  useEffect(() => {
    const update = () => setVersion((v) => v + 1);
    const unsubscribe = c.subscribe(update);
    update(); // changes made before this effect ran (effects run after paint)
    return unsubscribe;
  }, [c]);
}
