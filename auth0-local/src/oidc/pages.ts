// The pages oidc-provider renders itself: its error page and the two logout screens, in the
// look of the tenant's Universal Login (and without the logout confirmation Auth0 does not ask).
import type { ErrorOut, KoaContextWithOIDC } from 'oidc-provider';
import { errorPage, logoutAutoSubmitPage, messagePage } from '../ui/pages.js';

export async function renderError(ctx: KoaContextWithOIDC, out: ErrorOut): Promise<void> {
  ctx.type = 'html';
  ctx.body = errorPage({
    title: 'Something went wrong',
    message: `${out.error}: ${out.error_description ?? ''}`,
    action: 'Go back to the application and try again. If it keeps happening, check the application settings of the local tenant (callback URLs, client id).',
  });
}

/** RP-initiated logout's confirmation form, submitted at once. */
export async function logoutSource(ctx: KoaContextWithOIDC, form: string): Promise<void> {
  ctx.type = 'html';
  ctx.body = logoutAutoSubmitPage(form);
}

export async function postLogoutSuccessSource(ctx: KoaContextWithOIDC): Promise<void> {
  ctx.type = 'html';
  ctx.body = messagePage({ title: 'Signed out', message: 'You have been signed out.' });
}
