// Where authorizePage sends a session that lacks the MFA its organization requires (authorize()
// refuses it with mfa_required). Signing in again runs the post-login Action, which enrols or
// challenges the authenticator app; the new session's ID token then says amr ["mfa"].
import { Page, buttonClass } from '@/lib/ui/components';
import { currentTenant } from '@/lib/tenancy/current';
import { safeReturnTo } from '@/lib/http/return-to';

export const metadata = { title: 'Multi-factor authentication required' };

export default async function MfaRequired({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const tenant = await currentTenant();
  const returnTo = safeReturnTo((await searchParams).returnTo);
  const name = tenant?.displayName ?? 'This organization';
  return (
    <Page title="Your organization requires multi-factor authentication">
      <p className="mb-4 text-slate-700">
        {name} asks everyone to confirm their sign-in with a second factor: a code from an authenticator app on
        their phone. Your current sign-in did not include it.
      </p>
      <p className="mb-6 text-slate-700">
        Sign in again: if you have not set up an authenticator app yet, you will be shown a QR code to scan first.
      </p>
      <div className="flex flex-wrap items-center gap-4">
        <a id="complete-mfa" className={buttonClass} href={`/auth/login?returnTo=${encodeURIComponent(returnTo)}`}>Sign in with multi-factor authentication</a>
        <a className="text-sm text-slate-600 underline" href="/security">Why am I asked for this?</a>
      </div>
    </Page>
  );
}
