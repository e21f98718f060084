// The widget on a host page: takes over Deskline(...) from the loader, runs the queued commands,
// and shows the panel beside the launcher, inside the loader's shadow root.
import { render } from 'preact';
import type { WidgetConfigJson } from '../api/types.js';
import { translator } from '../i18n/locales.js';
import { LAUNCHER } from '../i18n/launcher.js';
import type { Command, LoaderContext } from '../loader/contract.js';
import { adoptStyles } from '../loader/styles.js';
import css from './app.css';
import { Controller, type Identity, type Prefill, type PublicEvents } from './controller.js';
import { rememberUnread } from './storage.js';
import type { Shell } from './context.js';
import { Root } from './Root.js';

type EventName = keyof PublicEvents | 'ready' | 'open' | 'close';
type Handler = (payload?: unknown) => void;

export function mountWidget(loader: LoaderContext): void {
  const t = translator(loader.locale);
  const handlers = new Map<EventName, Set<Handler>>();
  const emit = (event: EventName, payload?: unknown) =>
    handlers.get(event)?.forEach((handler) => {
      try {
        handler(payload);
      } catch (error) {
        console.error('Deskline: an event handler failed', error);
      }
    });
  const c = new Controller({ origin: loader.origin, siteKey: loader.siteKey, t, emit });
  adoptStyles(loader.root, css);
  const container = loader.wrap.appendChild(document.createElement('div'));
  const shell: Shell = { c, t, locale: loader.locale, close: () => setOpen(false) };
  let open = false;
  let ready = false;

  const draw = () => render(<Root shell={shell} open={open} />, container);

  function setOpen(next: boolean) {
    if (next === open) return;
    open = next;
    loader.wrap.classList.toggle('open', open);
    loader.launcher.setAttribute('aria-expanded', String(open));
    updateLauncher();
    c.setVisible(open);
    if (open) void c.start();
    draw();
    if (!open) loader.launcher.focus();
    emit(open ? 'open' : 'close');
  }

  function updateLauncher() {
    loader.badge(c.unread.total);
    const words = LAUNCHER[loader.locale];
    if (open) loader.launcher.setAttribute('aria-label', words.close);
  }
  c.subscribe(updateLauncher);

  const commands: Record<string, (...args: any[]) => void> = {
    identify: (identity: Identity) => c.identify(identity),
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(!open),
    newTicket: (prefill?: Prefill) => {
      setOpen(true);
      c.navigate({ name: 'new', prefill: prefill ?? {} });
    },
    logout: () => void c.logout(),
    on: (event: EventName, handler: Handler) => {
      if (typeof handler !== 'function') return;
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event)!.add(handler);
      if (event === 'ready' && ready) handler();
    },
    off: (event: EventName, handler: Handler) => handlers.get(event)?.delete(handler),
  };
  const run = (command: Command) => {
    const [name, ...args] = Array.from(command);
    const action = commands[String(name)];
    if (action) action(...args);
    else console.warn(`Deskline: unknown command "${String(name)}"`);
  };

  loader.app = run;
  loader.queue.splice(0).forEach(run);
  if (c.hasPastSession) {
    if (!open) void c.start(); // to show unread replies on the launcher
  } else {
    rememberUnread(loader.siteKey, false); // no session to resume: nothing to show, so no reason to load at once again
  }
  loader.config.then(
    (config: WidgetConfigJson) => {
      c.categories = config.categories;
      shell.greeting = config.theme.greeting;
    },
    (status) => {
      if (status === 404) c.error = { text: t('errSiteKey'), retryable: false };
    },
  ).finally(() => {
    if (c.error) c.phase = 'error';
    ready = true;
    draw();
    emit('ready');
  });
  draw();
}
