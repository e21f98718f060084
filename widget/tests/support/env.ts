// What global-setup.ts started, as the tests see it (passed through process.env).
export const env = {
  /** The Deskline server (API, socket, widget.js, portal). */
  deskline: process.env.E2E_DESKLINE_URL!,
  adminToken: process.env.E2E_ADMIN_TOKEN!,
  siteKey: process.env.E2E_SITE_KEY!,
  identitySecret: process.env.E2E_IDENTITY_SECRET!,
  /** examples/html, an allowed origin. */
  htmlExample: process.env.E2E_HTML_URL!,
  /** examples/react, an allowed origin. */
  reactExample: process.env.E2E_REACT_URL!,
  /** tests/support/host-server.ts on an allowed origin (localhost:port)… */
  host: process.env.E2E_HOST_URL!,
  /** …and the same server on an origin the site does not allow (127.0.0.1:port). */
  refusedHost: process.env.E2E_REFUSED_HOST_URL!,
};
