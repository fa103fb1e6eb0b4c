// What the throw-away identity providers (saml-idp.ts, oidc-idp.ts) share: their HTTP server's
// start and stop, reading a posted form, and the sign-in page people (and browser tests) see.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) { reject(new Error('body too large')); req.destroy(); return; }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** An HTTP server listening on `port` (0 = a free one), with its port and an idempotent close(). */
export async function listenIdpServer(port = 0): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => { server.off('error', reject); resolve(); });
  });
  let closed = false;
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      if (closed) return resolve();
      closed = true;
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A whole page: `title` and `body` (HTML) in the IdPs' plain style. */
export function idpPage(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:26rem;margin:3rem auto}label{display:block;font-weight:600;margin-top:1rem}input{width:100%;padding:.5rem;font:inherit}button{margin-top:1.5rem;padding:.6rem 1.2rem;font:inherit}</style>
</head><body><main>${body}</main></body></html>`;
}

export interface SignInPage {
  /** "Sign in to <idpName>": the title and heading. */
  idpName: string;
  /** What kind of provider this is, for the line under the heading. */
  kind: string;
  /** Where the form posts. */
  action: string;
  /** Hidden fields carried through the form. */
  hidden?: Record<string, string>;
  error?: string;
  email?: string;
  name?: string;
}

/** The sign-in page: fields labelled Email and Name and a Sign in button; any email signs in. */
export function signInPage(p: SignInPage): string {
  const hidden = Object.entries(p.hidden ?? {}).map(([k, v]) => `<input type="hidden" name="${escapeHtml(k)}" value="${escapeHtml(v)}">\n`).join('');
  return idpPage(`Sign in to ${p.idpName}`, `<h1>Sign in to ${escapeHtml(p.idpName)}</h1>
<p>A test ${escapeHtml(p.kind)}: any email signs in.</p>
${p.error ? `<p role="alert">${escapeHtml(p.error)}</p>` : ''}
<form method="post" action="${escapeHtml(p.action)}">
${hidden}<label for="email">Email</label>
<input type="email" id="email" name="email" required autofocus value="${escapeHtml(p.email ?? '')}">
<label for="name">Name</label>
<input type="text" id="name" name="name" value="${escapeHtml(p.name ?? '')}">
<button type="submit">Sign in</button>
</form>`);
}
