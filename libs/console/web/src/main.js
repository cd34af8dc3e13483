import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './style.css';
import { get, Rights, session, ApiError } from './api.js';
import { html } from './html.js';
import { href, useRoute } from './router.js';
import { Session } from './ui.js';
import { zone } from './format.js';
import { PAGES, matchPage } from './pages/index.js';

function SignIn({ onSignedIn, error: initialError }) {
  const [error, setError] = useState(initialError);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const token = new FormData(e.currentTarget).get('token').trim();
    if (!token) return setError('Enter an API token.');
    setBusy(true);
    try {
      const me = await get('/v1/me', { token });
      session.set(token);
      onSignedIn(me);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'That token is not known to this Hourglass.' : `Sign-in failed: ${err.message}`);
    } finally {
      setBusy(false);
    }
  };
  return html`<main id="main" class="signin">
    <h1>Hourglass console</h1>
    <form onSubmit=${submit} aria-describedby="signin-help">
      <label for="token">API token</label>
      <input id="token" name="token" type="password" autocomplete="current-password" required autofocus />
      <p id="signin-help" class="muted">The token decides what you may do here (admin, billing, finance or control-plane). It is kept for this tab only.</p>
      ${error ? html`<p class="notice error" role="alert">${error}</p>` : null}
      <button type="submit" disabled=${busy}>Sign in</button>
    </form>
  </main>`;
}

function Shell({ me, rights, onSignOut }) {
  const route = useRoute();
  const match = matchPage(route.path);
  // A page whose route the server has not got yet (its module has not landed) shows to the roles
  // that read money (it says "not built yet"); control-plane reads reference data only (§5).
  const visible = PAGES.filter((p) => !p.hidden).filter((p) => !p.read || (rights.exists('GET', p.read) ? rights.can('GET', p.read) : me.role !== 'control-plane'));
  useEffect(() => {
    document.title = `${match?.page.title ?? 'Not found'} · Hourglass console`;
    document.getElementById('main')?.focus();
  }, [route.path]);
  const Page = match?.page.component;
  return html`<${Session.Provider} value=${{ me, rights }}>
    <a class="skip" href="#main" onClick=${(e) => { e.preventDefault(); document.getElementById('main').focus(); }}>Skip to content</a>
    <header class="top">
      <span class="brand">Hourglass</span>
      <nav aria-label="Pages">
        <ul>${visible.map((p) => html`<li><a href=${href(p.path)} aria-current=${match?.page === p ? 'page' : undefined}>${p.title}</a></li>`)}</ul>
      </nav>
      <span class="who" data-testid="who">${me.name} · <strong>${me.role}</strong> · times in ${zone()}</span>
      <button type="button" class="secondary" onClick=${onSignOut}>Sign out</button>
    </header>
    <main id="main" tabindex="-1">
      ${Page ? html`<${Page} key=${route.path} params=${match.params} />` : html`<h1>Not found</h1><p>No page at ${route.path}. <a href="#/ingest">Ingest health</a></p>`}
    </main>
  </${Session.Provider}>`;
}

function App() {
  const [state, setState] = useState({ phase: session.token() ? 'checking' : 'signed-out' });
  const signIn = async (me) => {
    let doc = null;
    try {
      doc = await get('/v1/openapi.json');
    } catch {
      /* no document: rights fall back to roles alone */
    }
    setState({ phase: 'signed-in', me, rights: new Rights(doc, me.role) });
    if (!location.hash || location.hash === '#/' || location.hash === '#') location.hash = '/ingest';
  };
  useEffect(() => {
    if (state.phase !== 'checking') return;
    get('/v1/me')
      .then(signIn)
      .catch(() => {
        session.clear();
        setState({ phase: 'signed-out', error: 'Your session has ended: sign in again.' });
      });
  }, [state.phase]);
  const signOut = () => {
    session.clear();
    setState({ phase: 'signed-out' });
  };
  if (state.phase === 'checking') return html`<p role="status">Signing in…</p>`;
  if (state.phase === 'signed-out') return html`<${SignIn} onSignedIn=${signIn} error=${state.error} />`;
  return html`<${Shell} me=${state.me} rights=${state.rights} onSignOut=${signOut} />`;
}

render(html`<${App} />`, document.getElementById('app'));
