import type { Router } from '@koa/router';
import type { AppState } from './state.js';

/**
 * The pages mail links open. A GET never uses the token (mail scanners prefetch links);
 * the page posts it to the API when the person presses the button.
 */
const page = (title: string, form: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${title} · Parley</title><link rel="stylesheet" href="/link-pages.css"></head>
<body><main><h1>${title}</h1>${form}<p id="result" role="status"></p></main>
<script src="/link-pages.js"></script></body></html>`;

const VERIFY = page('Confirm your email address', `<form data-endpoint="/api/v1/auth/verify-email"><button>Confirm</button></form>`);
const RESET = page(
  'Choose a new password',
  `<form data-endpoint="/api/v1/auth/password-reset/confirm"><label>New password
   <input name="password" type="password" minlength="8" autocomplete="new-password" required></label>
   <button>Set password</button></form>`,
);

const SCRIPT = `document.querySelector('form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const form = e.target, out = document.getElementById('result');
  const body = Object.fromEntries(new FormData(form));
  body.token = new URLSearchParams(location.search).get('token') || '';
  const res = await fetch(form.dataset.endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = res.status === 204 ? null : await res.json().catch(() => null);
  out.textContent = res.ok ? 'Done. You can return to Parley and log in.' : (data && data.error ? data.error.message : 'Something went wrong.');
  if (res.ok) form.remove();
});`;

const STYLE = `body{font:16px system-ui,sans-serif;display:grid;place-items:center;min-height:90vh;margin:0;background:#f5f6f8}
main{background:#fff;padding:2rem;border-radius:12px;box-shadow:0 2px 12px #0002;max-width:24rem}
input{display:block;width:100%;margin:.5rem 0 1rem;padding:.5rem;box-sizing:border-box}
button{padding:.6rem 1.2rem;border:0;border-radius:8px;background:#3b5bdb;color:#fff;font-size:1rem;cursor:pointer}`;

/** GET /verify-email and /reset-password: the targets of the links in verification and reset mails. */
export function mountLinkPages(router: Router<AppState>): void {
  const serve = (path: string, type: string, body: string) =>
    router.get(path, (ctx) => {
      ctx.type = type;
      ctx.set('Content-Security-Policy', "default-src 'self'; base-uri 'none'; form-action 'self'");
      ctx.body = body;
    });
  serve('/verify-email', 'text/html; charset=utf-8', VERIFY);
  serve('/reset-password', 'text/html; charset=utf-8', RESET);
  serve('/link-pages.js', 'text/javascript; charset=utf-8', SCRIPT);
  serve('/link-pages.css', 'text/css; charset=utf-8', STYLE);
}
