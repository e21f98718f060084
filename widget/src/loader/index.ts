// widget.js, the loader a site owner pastes: defines the Deskline(...) queue, draws the launcher
// inside a shadow root, and loads the app bundle when the page is idle or the launcher is clicked.
// It must stay tiny (≤ 2 KB gzip) and must never throw into the host page.
import { LAUNCHER, pickLocale } from '../i18n/launcher.js';
import css from './launcher.css';
import { adoptStyles } from './styles.js';
import type { Command, DesklineGlobal, LoaderContext } from './contract.js';

/** Replaced at build time by the content-hashed name of the app bundle. */
declare const __APP_FILE__: string;

const w = window as unknown as { Deskline?: DesklineGlobal; requestIdleCallback?: (fn: () => void, o: object) => void };
const d = document;
const ICON_OPEN = '<path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/>';
const ICON_CLOSE = '<path d="M6 6l12 12m0-12L6 18"/>';
/** Commands that show the panel: they load the app at once rather than at idle time. */
const EAGER = /^(open|toggle|newTicket)$/;

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
  const launcher = wrap.appendChild(d.createElement('button'));
  launcher.className = 'dl-l';
  launcher.type = 'button';
  launcher.hidden = true;
  launcher.setAttribute('aria-expanded', 'false');
  launcher.innerHTML = `<svg class="o" viewBox="0 0 24 24" aria-hidden="true">${ICON_OPEN}</svg><svg class="x" viewBox="0 0 24 24" aria-hidden="true">${ICON_CLOSE}</svg>`;
  const badge = launcher.appendChild(d.createElement('span'));
  badge.className = 'dl-b';
  badge.hidden = true;
  const label = (count: number) => launcher.setAttribute('aria-label', words.open + (count ? ` (${words.unread.replace('{n}', String(count))})` : ''));
  label(0);

  let requested = false;
  const load = () => {
    if (requested) return;
    requested = true;
    const app = d.createElement('script');
    app.src = `${origin}/widget/${__APP_FILE__}`;
    app.async = true;
    app.onerror = () => console.error('Deskline: no app', app.src);
    d.head.appendChild(app);
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
  if (queue.some((command) => EAGER.test(String(command[0])))) load();

  const idle = () => (w.requestIdleCallback ? w.requestIdleCallback(load, { timeout: 3000 }) : setTimeout(load, 1));
  if (d.readyState === 'complete') idle();
  else addEventListener('load', idle);
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
