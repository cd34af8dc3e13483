import type { NextFunction, Request, Response } from 'express';

/** Bodies of PSP webhooks are small; Stripe caps events well below this. */
export const PSP_WEBHOOK_BODY_BYTES_MAX = 1_048_576;

/**
 * Keeps a PSP webhook's body as the exact bytes received (a Buffer in `req.body`): a signature
 * covers bytes, and JSON parsed and re-serialised is not the same bytes. Mounted on `/v1/psp`
 * before the JSON parser, which then leaves these requests alone (`_body` set); every other route
 * keeps its JSON parsing.
 */
export function pspWebhookRawBody(bytesMax = PSP_WEBHOOK_BODY_BYTES_MAX) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > bytesMax) {
        done = true;
        res.status(413).json({ reason: 'payload_too_large', message: `a webhook body is at most ${bytesMax} bytes` });
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      req.body = Buffer.concat(chunks);
      (req as Request & { _body?: boolean })._body = true;
      next();
    });
    req.on('error', (error) => {
      if (done) return;
      done = true;
      next(error);
    });
  };
}
