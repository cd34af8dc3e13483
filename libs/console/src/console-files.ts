import * as path from 'node:path';

/** What the console serves for a path under /console/: a built file, the app shell, or nothing. */
export type ConsoleAsset = { kind: 'file'; file: string } | { kind: 'shell' } | { kind: 'missing' };

/**
 * `/console/`, `/console/invoices` (no extension: a view of the app, routed in the browser) get the
 * shell; `/console/app.js` the file of that name in the build; nothing outside the build is reachable
 * (`..`, absolute paths and NUL are refused before the file system sees them).
 */
export function consoleAsset(root: string, requestPath: string): ConsoleAsset {
  const relative = requestPath.replace(/^\/+/, '');
  if (relative === '' || relative === 'index.html') return { kind: 'shell' };
  if (relative.includes('\0') || relative.split('/').some((part) => part === '..' || part === '.')) return { kind: 'missing' };
  if (!/\.[a-z0-9]+$/i.test(relative)) return { kind: 'shell' };
  const file = path.resolve(root, relative);
  if (!file.startsWith(path.resolve(root) + path.sep)) return { kind: 'missing' };
  return { kind: 'file', file };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

export function contentType(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}
