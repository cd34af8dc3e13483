// Builds the console (libs/console/web) into dist/console: one bundle of the app, Preact, htm and
// uPlot, its CSS, and index.html. No CDN: everything the browser loads comes from /console/.
// `npm run build` runs it; `node libs/console/web/build.mjs OUTDIR` builds elsewhere (the browser tests).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

export async function buildConsole(outdir = path.join(root, 'dist', 'console')) {
  fs.mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { app: path.join(here, 'src', 'main.js') },
    bundle: true,
    minify: true,
    sourcemap: true,
    format: 'esm',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    outdir,
    logLevel: 'warning',
    legalComments: 'linked',
  });
  fs.copyFileSync(path.join(here, 'index.html'), path.join(outdir, 'index.html'));
  return outdir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildConsole(process.argv[2] ? path.resolve(process.argv[2]) : undefined);
  process.stdout.write(`console built into ${path.relative(process.cwd(), out) || '.'}\n`);
}
