// The app bundle (app.<hash>.js): mounts the portal when its page says so, else takes over from
// the loader on a host page. A classic script, not a module: it needs no CORS to load cross-origin.
import { mountPortal } from '../portal/index.js';
import type { DesklineGlobal } from '../loader/contract.js';
import { mountWidget } from './widget.js';

const script = document.currentScript as HTMLScriptElement | null;
if (script?.hasAttribute('data-deskline-portal')) {
  const start = () => void mountPortal(script);
  if (document.body) start();
  else document.addEventListener('DOMContentLoaded', start);
} else {
  const loader = (window as unknown as { Deskline?: DesklineGlobal }).Deskline?._;
  if (loader && !loader.app) void mountWidget(loader);
}
