// The console's one way to the server: the public /v1 API with the signed-in token.
const TOKEN_KEY = 'hourglass.token';

export class ApiError extends Error {
  constructor(status, reason, message) {
    super(message || reason || `HTTP ${status}`);
    this.status = status;
    this.reason = reason;
  }
  /** A route the server does not have yet: its module has not landed. */
  get notBuilt() {
    return this.status === 404 && (this.reason === undefined || this.reason === 'not_found' || this.reason === 'route_not_found');
  }
}

// The token lives for the tab (sessionStorage): closing the tab signs out.
export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  set: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

async function errorOf(response) {
  let reason;
  let message;
  try {
    const body = await response.json();
    reason = body.reason;
    message = body.message;
  } catch {
    /* not JSON */
  }
  return new ApiError(response.status, reason, message);
}

export async function request(method, path, { body, token = session.token(), idempotencyKey, raw = false } = {}) {
  const headers = { accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!response.ok) throw await errorOf(response);
  if (raw) return response;
  if (response.status === 204) return null;
  return response.json();
}

export const get = (path, options) => request('GET', path, options);
export const post = (path, body, options = {}) => request('POST', path, { ...options, body, idempotencyKey: options.idempotencyKey ?? newKey() });

export function newKey() {
  return globalThis.crypto?.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`;
}

export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** Downloads a document the API serves behind the token (a PDF, an HTML invoice) as a file. */
export async function download(path, fileName) {
  const response = await request('GET', path, { raw: true });
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** Opens such a document in a new tab (the browser cannot send the token itself). */
export async function openDocument(path) {
  const response = await request('GET', path, { raw: true });
  const url = URL.createObjectURL(await response.blob());
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * What the signed-in role may call, read from the OpenAPI document's `x-hourglass-roles` (the same
 * table the server enforces): the console offers an action only where this says yes, and a route
 * the document lacks belongs to a module that has not landed.
 */
export class Rights {
  constructor(doc, role) {
    this.role = role;
    this.ops = new Map();
    for (const [path, methods] of Object.entries(doc?.paths ?? {})) {
      for (const [method, op] of Object.entries(methods)) this.ops.set(`${method.toUpperCase()} ${path}`, op['x-hourglass-roles'] ?? ['admin']);
    }
  }
  exists(method, template) {
    return this.ops.has(`${method} ${template}`);
  }
  can(method, template) {
    const roles = this.ops.get(`${method} ${template}`);
    if (!roles) return this.role === 'admin' || (this.role === 'billing' && method !== 'GET');
    return roles.includes('public') || roles.includes(this.role) || this.role === 'admin';
  }
}

/**
 * Every row of a cursor-paginated list (`{<name>: [...], nextCursor}`), following `nextCursor` up to
 * `maxPages` pages of `limit` rows; `truncated` says the server had more. `before` instead names a
 * list paged by the id of its last row (the screening reviews: `before=<caseId>`).
 */
export async function getAll(path, params, { name, limit = 500, maxPages = 20, before } = {}) {
  const rows = [];
  let cursor;
  for (let page = 0; page < maxPages; page++) {
    const body = await get(`${path}${query({ ...params, limit, ...(cursor ? (before ? { before: cursor } : { cursor }) : {}) })}`);
    const list = Array.isArray(body) ? body : Array.isArray(body?.[name]) ? body[name] : [];
    rows.push(...list);
    cursor = before ? (list.length >= limit ? list[list.length - 1]?.[before] : null) : body?.nextCursor;
    if (!cursor) return { rows, truncated: false };
  }
  return { rows, truncated: true };
}
