// widget.js, the loader a site owner pastes: defines the Deskline(...) queue, draws the launcher
// inside a shadow root, and loads the app bundle only on intent (the visitor reaches for the
// launcher, the page calls a command that shows the panel, or replies wait unread), so most page
// views cost the host nothing more. It must stay tiny (≤ 2 KB gzip), must never throw into the host
// page, and creates no HTML from strings (pages may enforce Trusted Types).
import { isRtl, LAUNCHER, pickLocale } from '../i18n/launcher.js';
import css from './launcher.css';
import { adoptStyles } from './styles.js';
import { unreadFlag, type Command, type DesklineGlobal, type LoaderContext } from './contract.js';

/** Replaced at build time by the content-hashed name of the app bundle. */
declare const __APP_FILE__: string;

interface TrustedTypePolicyFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): { createScriptURL(url: string): string };
}
const w = window as unknown as { Deskline?: DesklineGlobal; trustedTypes?: TrustedTypePolicyFactory; requestIdleCallback?: (fn: () => void) => void };
const d = document;
/** Commands that need the app now (they show the panel, or forget the visitor); others (on, identify…) wait in the queue. */
const EAGER = /^(open|toggle|newTicket|logout)$/;

function icon(name: string, path: string): SVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = d.createElementNS(ns, 'svg');
  svg.setAttribute('class', name);
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.appendChild(d.createElementNS(ns, 'path')).setAttribute('d', path);
  return svg;
}

function start(script: HTMLScriptElement): void {
  const existing = w.Deskline;
  const queue: Command[] = (existing && existing.q) || [];
  const origin = new URL(script.src).origin;
  const siteKey = script.getAttribute('data-site-key') || '';
  const locale = pickLocale(script.getAttribute('data-locale'));
  const words = LAUNCHER[locale];

  const host = d.createElement('deskline-widget');
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, css);
  const wrap = root.appendChild(d.createElement('div'));
  wrap.className = 'dl';
  wrap.lang = locale;
  if (isRtl(locale)) wrap.dir = 'rtl';
  const launcher = wrap.appendChild(d.createElement('button'));
  launcher.className = 'dl-l';
  launcher.type = 'button';
  launcher.hidden = true;
  launcher.setAttribute('aria-expanded', 'false');
  launcher.append(icon('o', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z'), icon('x', 'M6 6l12 12m0-12L6 18'));
  const badge = launcher.appendChild(d.createElement('span'));
  badge.className = 'dl-b';
  badge.hidden = true;
  const label = (count: number) => launcher.setAttribute('aria-label', words.open + (count ? ` (${words.unread.replace('{n}', String(count))})` : ''));
  label(0);

  let requested = false;
  const load = () => {
    if (requested) return;
    requested = true;
    const url = `${origin}/widget/${__APP_FILE__}`;
    try {
      // Under Trusted Types a script URL must come from a policy; ours passes only our own app bundle.
      // A page whose CSP lists allowed policy names must list `deskline` (widget/README.md).
      const policy = w.trustedTypes?.createPolicy('deskline', {
        createScriptURL: (src) => {
          if (src !== url) throw new TypeError(src);
          return src;
        },
      });
      const app = d.createElement('script');
      app.src = policy ? policy.createScriptURL(url) : url;
      app.async = true;
      app.onerror = () => console.error('Deskline: no app', url);
      d.head.appendChild(app);
    } catch (error) {
      console.error('Deskline:', error);
    }
  };

  const config = fetch(`${origin}/api/widget/config?siteKey=${encodeURIComponent(siteKey)}`).then(
    (res) => (res.ok ? res.json() : Promise.reject(res.status)),
    () => Promise.reject(0),
  );
  const show = () => (launcher.hidden = false);
  config.then((c) => {
    wrap.style.setProperty('--c', c.theme.color); // CSSOM, not a style attribute: CSP allows it
    if (c.theme.position === 'left') wrap.classList.add('left');
  }, (status) => console.error('Deskline: config', status)).then(show);

  const context: LoaderContext = {
    origin,
    siteKey,
    locale,
    root,
    wrap,
    launcher,
    queue,
    config,
    badge(count) {
      badge.textContent = count > 99 ? '99+' : String(count);
      badge.hidden = !count;
      label(count);
    },
  };
  const deskline: DesklineGlobal = function () {
    // eslint-disable-next-line prefer-rest-params
    const command = arguments;
    if (context.app) return context.app(command);
    queue.push(command);
    if (EAGER.test(String(command[0]))) load();
  };
  deskline._ = context;
  w.Deskline = deskline;
  launcher.onclick = () => deskline('toggle');
  // Reaching for the launcher starts the download, so the panel is there by the click.
  for (const intent of ['pointerenter', 'focus', 'touchstart']) launcher.addEventListener(intent, load, { passive: true });
  if (queue.some((command) => EAGER.test(String(command[0])))) load();
  // The app left word of unread replies: load it to show the badge. Looked at once the page is idle,
  // because the first localStorage access of a page can block its main thread for a while.
  const unread = () => {
    try {
      if (localStorage.getItem(unreadFlag(siteKey))) load();
    } catch {
      /* no storage: nothing remembered */
    }
  };
  (w.requestIdleCallback || setTimeout)(unread);
  const attach = () => d.body.appendChild(host);
  if (d.body) attach();
  else d.addEventListener('DOMContentLoaded', attach);
}

const script = (d.currentScript || d.querySelector('script[data-site-key]')) as HTMLScriptElement | null;
// Loaded twice (a framework re-inserting the snippet): the first copy stays in charge.
if (script && !(w.Deskline && w.Deskline._)) {
  try {
    start(script);
  } catch (error) {
    console.error('Deskline:', error);
  }
}
