import type { HttpPoster } from '../ports';

/** Node's fetch, no redirects followed, the answer's body read and dropped so the socket is reused. */
export class FetchHttpPoster implements HttpPoster {
  async post(url: string, body: string, headers: Record<string, string>, timeoutMs: number): Promise<number> {
    const response = await fetch(url, { method: 'POST', body, headers, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    await response.arrayBuffer().catch(() => undefined);
    return response.status;
  }
}
