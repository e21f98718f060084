// What a site's owner pastes: the widget's script tag, and the server-side signing of user ids.

export function widgetSnippet(origin: string, siteKey: string): string {
  return `<script async src="${origin}/widget.js" data-site-key="${siteKey}"></script>`;
}

export function signingSnippet(): string {
  return [
    "// On your server (never in the browser): sign the id of the signed-in user.",
    "import { createHmac } from 'node:crypto';",
    '',
    'const externalId = String(user.id);',
    "const signature = createHmac('sha256', process.env.DESKLINE_IDENTITY_SECRET)",
    '  .update(externalId)',
    "  .digest('hex');",
    '',
    '// Then, in the page you render for that user:',
    "// Deskline('identify', { externalId, name: user.name, email: user.email, signature });",
  ].join('\n');
}
