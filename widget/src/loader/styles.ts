// Shared by the loader and the app.
/** Styles without inline <style>, so a strict CSP (style-src without 'unsafe-inline') allows them. */
export function adoptStyles(root: ShadowRoot, text: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    root.appendChild(document.createElement('style')).textContent = text; // older browsers, permissive CSP
  }
}
