import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
/** The CLI's door to a running `hourglass serve`. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly body: unknown,
  ) {
    super(message);
  }
}

export class ApiClient {
  /** `token`: the bearer token sent with every request (CONTRACTS.md §5); null sends none. */
  constructor(
    readonly baseUrl: string,
    private readonly token: string | null = null,
  ) {}

  private authorization(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...this.authorization() },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(30 * 60_000),
      });
    } catch (error) {
      throw new ApiError(
        `Hourglass is not reachable at ${this.baseUrl} (${(error as Error).cause ?? (error as Error).message}): start it with 'hourglass serve', or set HOURGLASS_API`,
        0,
        null,
      );
    }
    const text = await response.text();
    let parsed: unknown = text;
    // Only a JSON body is parsed: a one-cell CSV result such as "1" must stay text.
    if ((response.headers.get('content-type') ?? 'application/json').includes('json')) {
      try {
        parsed = text ? JSON.parse(text) : null;
      } catch {
        // Not JSON after all: returned as text.
      }
    }
    if (!response.ok) {
      const message = (parsed as { message?: unknown })?.message ?? text;
      if (response.status === 401) {
        throw new ApiError(`${method} ${path} failed (401): ${this.token ? 'the token was not accepted' : 'no token'}; set HOURGLASS_API_TOKEN, or HOURGLASS_DATA_DIR to the data directory of the running hourglass serve (its admin.token)`, 401, parsed);
      }
      throw new ApiError(`${method} ${path} failed (${response.status}): ${typeof message === 'string' ? message : JSON.stringify(message)}`, response.status, parsed);
    }
    return parsed as T;
  }

  async raw(path: string): Promise<Buffer> {
    const response = await fetch(this.baseUrl + path, { headers: this.authorization() }).catch((error: Error) => {
      throw new ApiError(`Hourglass is not reachable at ${this.baseUrl} (${error.message}): start it with 'hourglass serve', or set HOURGLASS_API`, 0, null);
    });
    if (!response.ok) throw new ApiError(`GET ${path} failed (${response.status}): ${await response.text()}`, response.status, null);
    return Buffer.from(await response.arrayBuffer());
  }

  /** Streams a GET's body into `file` (never whole in memory), returning its size and SHA-256. */
  async download(path: string, file: string): Promise<{ bytes: number; sha256: string }> {
    const response = await fetch(this.baseUrl + path, { headers: this.authorization() }).catch((error: Error) => {
      throw new ApiError(`Hourglass is not reachable at ${this.baseUrl} (${error.message}): start it with 'hourglass serve', or set HOURGLASS_API`, 0, null);
    });
    if (!response.ok || !response.body) throw new ApiError(`GET ${path} failed (${response.status}): ${await response.text()}`, response.status, null);
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    await pipeline(Readable.fromWeb(response.body as never), tap, fs.createWriteStream(file));
    return { bytes, sha256: hash.digest('hex') };
  }
}
