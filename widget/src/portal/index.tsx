// The portal: the same app, full page at /portal, for customers who come by link. Same origin as
// the API, no site key: customers register or sign in with email and password.
import { render } from 'preact';
import css from '../app/app.css';
import pageCss from './portal.css';
import { createController } from '../app/controller.js';
import { Root } from '../app/Root.js';
import { followThemeMode } from '../app/theme.js';
import { isRtl, loadStrings, pickLocale, translator } from '../i18n/locales.js';
import { adoptStyles } from '../loader/styles.js';

/** The portal serves every site's customers, so its tab carries the product's name, not a site's. */
const PRODUCT_NAME = 'Deskline';

export async function mountPortal(script: HTMLScriptElement): Promise<void> {
  const locale = pickLocale(script.getAttribute('data-locale'));
  const t = translator(await loadStrings(locale, location.origin));
  const host = document.body.appendChild(document.createElement('deskline-portal'));
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, css + pageCss);
  const wrap = root.appendChild(document.createElement('div'));
  wrap.className = 'dl portal';
  // No site to ask: the portal serves every site's customers, so it follows their system's colours.
  followThemeMode(wrap, 'auto');
  document.documentElement.lang = wrap.lang = locale;
  if (isRtl(locale)) document.documentElement.dir = wrap.dir = 'rtl';
  document.title = `${t('title')} · ${PRODUCT_NAME}`;
  // The page is the portal alone: the body's default margin would push the full-height panel past the fold.
  document.body.style.margin = '0';
  const c = createController({ origin: location.origin, t, emit: () => {} });
  c.setVisible(true);
  render(<Root shell={{ c, t, locale }} open />, wrap);
  // An email's link: #t= signs in to its ticket, #reset= sets a new password. Taken off the URL at
  // once, so it is neither bookmarked nor shared by copying the address.
  const [, kind, token] = /^#(t|reset)=([\w.-]+)$/.exec(location.hash) ?? [];
  if (token) history.replaceState(null, '', location.pathname + location.search);
  if (kind === 't') {
    c.session.openLink(token!).then(
      (id) => c.navigate({ name: 'ticket', id }),
      () => c.session.start().then(() => c.session.phase === 'ready' || c.navigate({ name: 'signin', note: 'errLink' })),
    );
    return;
  }
  await c.session.start();
  if (kind === 'reset') c.navigate({ name: 'signin', reset: token });
}
