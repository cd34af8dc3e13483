/**
 * The one error type a refusal travels in, from domain code to the HTTP edge and the CLI: a stable
 * reason code (snake_case, part of the public contract: clients, dashboards and exit codes key on it),
 * a message for people, and optional details (JSON-safe) that the response body carries beside them.
 * Domain code never names an HTTP status: the kernel's table maps the reason to one at the edge.
 */
export class DomainError extends Error {
  constructor(
    readonly reason: string,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
