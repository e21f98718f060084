// A React app with client-side navigation that embeds Deskline once. Plain JavaScript (no JSX, no
// build): `h` is React.createElement.
const { createElement: h, useEffect, useState } = React;
const config = document.currentScript.dataset;

/** Loads widget.js once per page, however often this component mounts (every route renders it). */
function DesklineWidget({ desklineUrl, siteKey, identity }) {
  useEffect(() => {
    window.Deskline = window.Deskline || function () { (Deskline.q = Deskline.q || []).push(arguments); };
    if (document.querySelector('script[data-deskline-loader]')) return; // already on the page
    const script = document.createElement('script');
    script.async = true;
    script.src = `${desklineUrl}/widget.js`;
    script.dataset.siteKey = siteKey;
    script.dataset.desklineLoader = '';
    document.head.appendChild(script);
    // No clean-up: the widget outlives route changes, like the page it belongs to.
  }, [desklineUrl, siteKey]);

  // Tell the widget who is signed in, or that nobody is any more.
  const externalId = identity?.externalId;
  useEffect(() => {
    if (identity) Deskline('identify', identity);
  }, [externalId]);
  return null;
}

function Link({ to, navigate, children }) {
  return h('a', { href: to, onClick: (event) => { event.preventDefault(); navigate(to); } }, children);
}

const PAGES = {
  '/': () => h('p', null, 'Welcome to the React shop. Move between pages: the support widget stays, loaded once.'),
  '/pricing': () => h('p', null, 'Plans start at zero. Questions? Use the support button.'),
  '/account': ({ identity, signIn, signOut }) =>
    identity
      ? h('div', null, h('p', { id: 'who' }, `Signed in as ${identity.name}.`), h('button', { type: 'button', onClick: signOut }, 'Sign out'))
      : h('div', null, h('p', { id: 'who' }, 'Not signed in.'), h('button', { type: 'button', onClick: signIn }, 'Sign in as Ada')),
};

function App() {
  const [path, setPath] = useState(location.pathname);
  const [identity, setIdentity] = useState(null);
  useEffect(() => {
    const onPop = () => setPath(location.pathname);
    addEventListener('popstate', onPop);
    return () => removeEventListener('popstate', onPop);
  }, []);
  const navigate = (to) => {
    history.pushState(null, '', to);
    setPath(to);
  };
  const signIn = async () => setIdentity(await (await fetch('/api/identity?as=ada')).json());
  const signOut = () => {
    setIdentity(null);
    Deskline('logout');
  };
  const Page = PAGES[path] ?? PAGES['/'];
  return h(
    'div',
    null,
    h('nav', null, h(Link, { to: '/', navigate }, 'Home'), h(Link, { to: '/pricing', navigate }, 'Pricing'), h(Link, { to: '/account', navigate }, 'Account')),
    h('main', null, h('h1', null, path === '/' ? 'Home' : path.slice(1)), h(Page, { identity, signIn, signOut })),
    // Rendered by the route's tree: it unmounts and mounts again on every navigation.
    h(DesklineWidget, { key: path, desklineUrl: config.desklineUrl, siteKey: config.siteKey, identity }),
  );
}

ReactDOMClient.createRoot(document.getElementById('root')).render(h(App));
