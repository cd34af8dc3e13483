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
  constructor(readonly baseUrl: string) {}

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(this.baseUrl + path, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
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
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // Not JSON (an HTML page or a PDF): returned as text.
    }
    if (!response.ok) {
      const message = (parsed as { message?: unknown })?.message ?? text;
      throw new ApiError(`${method} ${path} failed (${response.status}): ${typeof message === 'string' ? message : JSON.stringify(message)}`, response.status, parsed);
    }
    return parsed as T;
  }

  async raw(path: string): Promise<Buffer> {
    const response = await fetch(this.baseUrl + path).catch((error: Error) => {
      throw new ApiError(`Hourglass is not reachable at ${this.baseUrl} (${error.message}): start it with 'hourglass serve', or set HOURGLASS_API`, 0, null);
    });
    if (!response.ok) throw new ApiError(`GET ${path} failed (${response.status}): ${await response.text()}`, response.status, null);
    return Buffer.from(await response.arrayBuffer());
  }
}
