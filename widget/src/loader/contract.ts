// What the loader (widget.js) hands to the app bundle it loads: the only link between the two.
import type { WidgetConfigJson } from '../api/types.js';
import type { Locale } from '../i18n/launcher.js';

export type Command = ArrayLike<unknown>;

/**
 * localStorage key the app sets while the visitor has unread replies and removes when there are
 * none: the loader then loads the app without waiting for intent, to show the badge.
 */
export const unreadFlag = (siteKey: string) => `deskline:${siteKey}:unread`;

export interface LoaderContext {
  /** Origin of the Deskline server, from the loader's own URL. */
  origin: string;
  siteKey: string;
  locale: Locale;
  root: ShadowRoot;
  /** The themed wrapper inside the shadow root: the app renders its panel into it. */
  wrap: HTMLElement;
  launcher: HTMLButtonElement;
  /** Commands called before the app took over, in order. */
  queue: Command[];
  /** GET /api/widget/config; rejects with the HTTP status (0 when unreachable). */
  config: Promise<WidgetConfigJson>;
  badge(count: number): void;
  /** Set by the app once it runs: from then on every Deskline(...) call goes straight to it. */
  app?: (command: Command) => void;
}

/** window.Deskline as the loader defines it. */
export interface DesklineGlobal {
  (...args: unknown[]): void;
  q?: Command[];
  _?: LoaderContext;
}
