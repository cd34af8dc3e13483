// Hash routes (#/invoices/inv-1?status=open): the view lives in the URL, so a reload or a shared link
// shows the same page with the same filters, and the server only ever serves one shell.
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set();

export function currentRoute() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = hash.split('?');
  return { path: path || '/', params: new URLSearchParams(search) };
}

function notify() {
  const route = currentRoute();
  for (const l of listeners) l(route);
}
window.addEventListener('hashchange', notify);

export function useRoute() {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    listeners.add(setRoute);
    return () => listeners.delete(setRoute);
  }, []);
  return route;
}

export function href(path, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  const s = q.toString();
  return `#${path}${s ? `?${s}` : ''}`;
}

export function navigate(path, params = {}, { replace = false } = {}) {
  const target = href(path, params);
  if (replace) {
    history.replaceState(null, '', target);
    notify();
  } else {
    location.hash = target.slice(1);
  }
}

/** Changes some of the current view's parameters (filters, page) and keeps the rest. */
export function setParams(patch, { replace = false } = {}) {
  const { path, params } = currentRoute();
  const next = Object.fromEntries(params.entries());
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined || v === null || v === '') delete next[k];
    else next[k] = String(v);
  }
  navigate(path, next, { replace });
}
