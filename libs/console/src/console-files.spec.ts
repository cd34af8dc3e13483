import * as path from 'node:path';
import { consoleAsset, contentType } from './console-files';

describe('consoleAsset', () => {
  const root = path.resolve('/srv/console');

  it('serves the shell for the root and for app views, files by name', () => {
    expect(consoleAsset(root, '/')).toEqual({ kind: 'shell' });
    expect(consoleAsset(root, '')).toEqual({ kind: 'shell' });
    expect(consoleAsset(root, '/invoices')).toEqual({ kind: 'shell' });
    expect(consoleAsset(root, '/app.js')).toEqual({ kind: 'file', file: path.join(root, 'app.js') });
    expect(contentType('app.js')).toMatch(/javascript/);
    expect(contentType('app.css')).toMatch(/css/);
  });

  it('never leaves the build folder', () => {
    expect(consoleAsset(root, '/../package.json')).toEqual({ kind: 'missing' });
    expect(consoleAsset(root, '/a/../../etc/passwd.txt')).toEqual({ kind: 'missing' });
    expect(consoleAsset(root, '/x\0.js')).toEqual({ kind: 'missing' });
  });
});
