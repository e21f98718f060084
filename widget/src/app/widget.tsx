// The widget on a host page: takes over Deskline(...) from the loader, runs the queued commands,
// and shows the panel beside the launcher, inside the loader's shadow root.
import { render } from 'preact';
import type { DesklineCommandName, DesklineCommands, DesklineEventName, DesklineEvents, DesklineHandler } from '../../deskline.js';
import type { WidgetConfigJson } from '../api/types.js';
import { loadStrings, translator } from '../i18n/locales.js';
import { LAUNCHER } from '../i18n/launcher.js';
import type { Command, LoaderContext } from '../loader/contract.js';
import { adoptStyles } from '../loader/styles.js';
import css from './app.css';
import { createController } from './controller.js';
import { rememberUnread } from './storage.js';
import type { Shell } from './context.js';
import { Root } from './Root.js';
import { followThemeMode } from './theme.js';

type Handler = DesklineHandler<DesklineEventName>;

export async function mountWidget(loader: LoaderContext): Promise<void> {
  // Commands wait in the loader's queue meanwhile: the panel never shows in the wrong language.
  const t = translator(await loadStrings(loader.locale, loader.origin));
  const handlers = new Map<DesklineEventName, Set<Handler>>();
  const emit = (event: DesklineEventName, payload?: DesklineEvents[DesklineEventName]) =>
    handlers.get(event)?.forEach((handler) => {
      try {
        handler(payload);
      } catch (error) {
        console.error('Deskline: an event handler failed', error);
      }
    });
  const c = createController({ origin: loader.origin, siteKey: loader.siteKey, t, emit });
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
    if (open) void c.session.start();
    draw();
    if (!open) loader.launcher.focus();
    emit(open ? 'open' : 'close');
  }

  function updateLauncher() {
    loader.badge(c.tickets.unread.total);
    const words = LAUNCHER[loader.locale];
    if (open) loader.launcher.setAttribute('aria-label', words.close);
  }
  c.subscribe(updateLauncher);

  const commands: { [C in DesklineCommandName]: (...args: DesklineCommands[C]) => void } = {
    identify: (identity) => c.session.identify(identity),
    open: () => setOpen(true),
    close: () => setOpen(false),
    toggle: () => setOpen(!open),
    newTicket: (prefill) => {
      setOpen(true);
      c.navigate({ name: 'new', prefill: prefill ?? {} });
    },
    logout: () => void c.logout(),
    on: (event, handler) => {
      if (typeof handler !== 'function') return;
      if (!handlers.has(event)) handlers.set(event, new Set());
      handlers.get(event)!.add(handler);
      if (event === 'ready' && ready) handler(undefined);
    },
    off: (event, handler) => void handlers.get(event)?.delete(handler),
  };
  const run = (command: Command) => {
    const [name, ...args] = Array.from(command);
    // The page's arguments are whatever it passed: each command copes with wrong ones.
    const action = (commands as Record<string, ((...args: unknown[]) => void) | undefined>)[String(name)];
    if (action) action(...args);
    else console.warn(`Deskline: unknown command "${String(name)}"`);
  };

  loader.app = run;
  loader.queue.splice(0).forEach(run);
  if (c.session.hasPastSession) {
    if (!open) void c.session.start(); // to show unread replies on the launcher
  } else {
    rememberUnread(loader.siteKey, false); // no session to resume: nothing to show, so no reason to load at once again
  }
  loader.config.then(
    (config: WidgetConfigJson) => {
      c.tickets.configure(config);
      followThemeMode(loader.wrap, config.theme.mode);
      shell.greeting = config.theme.greeting;
      shell.siteName = config.siteName;
      shell.team = config; // its presence, online team, reply time and away message
    },
    (status) => {
      if (status === 404) c.session.refuse({ text: t('errSiteKey'), retryable: false });
    },
  ).finally(() => {
    ready = true;
    draw();
    emit('ready');
  });
  draw();
}
