// Where the panel may send the browser after login (or a language switch): only a path of the panel
// itself. The value is resolved the way a browser would (WHATWG URL: tabs and newlines dropped,
// backslashes read as slashes), so `/<TAB>/evil.example`, `//evil`, `/\evil` and absolute URLs all land on '/'.
const PANEL = 'https://panel.invalid';

export function localPath(next: unknown): string {
  if (typeof next !== 'string' || !next.startsWith('/')) return '/';
  let url: URL;
  try {
    url = new URL(next, PANEL);
  } catch {
    return '/';
  }
  // A path that itself starts with two slashes would be read as another host by the browser.
  if (url.origin !== PANEL || url.pathname.startsWith('//')) return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
