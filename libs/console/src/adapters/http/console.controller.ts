import * as fs from 'node:fs';
import * as path from 'node:path';
import { Controller, Get, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { HourglassConfig } from '@hourglass/config';
import { CONFIG } from '@hourglass/platform';
import { consoleAsset, contentType } from '../../console-files';

/** The checkout (or installed package) root: the nearest folder up with Hourglass's package.json. */
function packageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && (JSON.parse(fs.readFileSync(manifest, 'utf8')) as { name?: string }).name === 'hourglass') return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

export function consoleRoot(config: HourglassConfig): string {
  return config.console.dir ?? path.join(packageRoot(__dirname), 'dist', 'console');
}

/**
 * Serves the built console (CONTRACTS §10) at /console/ on the API's port, without a token: the
 * files hold no data, and every figure they show comes from /v1 with the token the user signs in with.
 */
@ApiExcludeController()
@Controller('console')
export class ConsoleController {
  private readonly root: string;

  constructor(@Inject(CONFIG) config: HourglassConfig) {
    this.root = consoleRoot(config);
  }

  @Get()
  redirect(@Req() request: Request, @Res() response: Response): void {
    if (!request.originalUrl.split('?')[0].endsWith('/')) return response.redirect(301, '/console/');
    this.shell(response);
  }

  @Get('*path')
  asset(@Req() request: Request, @Res() response: Response): void {
    const asset = consoleAsset(this.root, request.path.replace(/^\/console/, ''));
    if (asset.kind === 'shell') return this.shell(response);
    if (asset.kind === 'missing' || !fs.existsSync(asset.file) || !fs.statSync(asset.file).isFile()) {
      response.status(404).json({ reason: 'not_found', message: `no console file ${request.path}` });
      return;
    }
    response.setHeader('Content-Type', contentType(asset.file));
    response.setHeader('Cache-Control', 'no-cache');
    fs.createReadStream(asset.file).pipe(response);
  }

  private shell(response: Response): void {
    const index = path.join(this.root, 'index.html');
    if (!fs.existsSync(index)) {
      response.status(503).json({ reason: 'console_not_built', message: `the console is not built (no ${index}): run npm run build` });
      return;
    }
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.setHeader('Cache-Control', 'no-cache');
    fs.createReadStream(index).pipe(response);
  }
}
