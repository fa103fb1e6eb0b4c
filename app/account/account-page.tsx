// The account page, the same on the apex (/account) and on every tenant host (/account,
// app/tenant/account): the signed-in person's profile, organizations, password, multi-factor
// factors, sessions, and deleting the account. Its actions are in ./actions.ts.
import { redirect } from 'next/navigation';
import { liveSession } from '@/lib/auth/session';
import { accountOverview, type AccountOverview } from '@/lib/account/account';
import { ManagementApiError } from '@/lib/management/errors';
import { isRole, ROLE_LABELS } from '@/lib/core/permissions';
import { Alert, Card, Page } from '@/lib/ui/components';
import {
  ChangePasswordForm, DeleteAccountForm, EnrolAuthenticatorForm, LeaveForm, RemoveFactorForm, RenameForm, SignOutEverywhereForm,
} from '@/app/account/account-forms';

const FACTOR_LABELS: Record<string, string> = { totp: 'Authenticator app', 'recovery-code': 'Recovery code' };
const factorLabel = (type: string, name?: string) => FACTOR_LABELS[type] ?? name ?? type;
const roleLabel = (r: string) => (isRole(r) ? ROLE_LABELS[r] : r);
const date = (iso: string) => new Date(iso).toISOString().slice(0, 10);

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <div className="mb-6">
      <Card>
        <h2 className="mb-4 text-lg font-semibold">{title}</h2>
        {children}
      </Card>
    </div>
  );
}

export async function AccountPage({ origin, searchParams }: { origin: string; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const session = await liveSession();
  if (!session) redirect('/auth/login?returnTo=%2Faccount');
  const params = await searchParams;
  let account: AccountOverview;
  try {
    account = await accountOverview({ userId: session.user.sub, email: session.user.email, name: session.user.name });
  } catch (error) {
    if (!(error instanceof ManagementApiError)) throw error;
    return <Page title="Your account"><Alert>{error.message}</Alert></Page>;
  }
  const hasAuthenticator = account.factors.some((f) => f.type === 'totp');
  return (
    <Page title="Your account">
      {params.password === 'changed' && <Alert tone="success">If you set a new password, use it the next time you sign in.</Alert>}

      <Section title="Profile">
        <RenameForm name={account.name} />
        <div className="mt-6">
          <label htmlFor="account-email" className="block text-sm font-medium text-slate-700">Email</label>
          <input id="account-email" readOnly value={account.email} className="mt-1 block w-full rounded-lg border border-slate-200 bg-slate-50 px-3 py-2 text-sm text-slate-700" />
          <p className="mt-1 text-xs text-slate-500" data-testid="email-source">
            {account.hasPassword
              ? 'Your email address is how you sign in; it cannot be changed here.'
              : 'Your email address comes from your company’s identity provider (single sign-on). Change it there.'}
          </p>
        </div>
      </Section>

      <Section title="Organizations">
        {account.organizations.length === 0 ? <p className="text-sm text-slate-600">You are not a member of any organization.</p> : (
          <ul aria-label="Your organizations" className="divide-y divide-slate-100">
            {account.organizations.map((o) => (
              <li key={o.tenantId} className="flex items-start justify-between gap-4 py-3">
                <div>
                  <a className="font-medium text-brand hover:underline" href={o.origin}>{o.displayName}</a>
                  <p className="text-sm text-slate-600">{o.roles.map(roleLabel).join(', ') || 'No role'}</p>
                </div>
                <LeaveForm tenantId={o.tenantId} displayName={o.displayName} />
              </li>
            ))}
          </ul>
        )}
      </Section>

      {account.hasPassword && (
        <Section title="Password">
          <p className="mb-3 text-sm text-slate-600">Opens a page where you choose a new password. The link works once, for five minutes; afterwards you come back here.</p>
          <ChangePasswordForm />
        </Section>
      )}

      <Section title="Two-step verification">
        {account.factors.length > 0 ? (
          <ul aria-label="Your factors" className="mb-4 divide-y divide-slate-100">
            {account.factors.map((f) => (
              <li key={f.id} className="flex items-center justify-between gap-4 py-2">
                <div>
                  <p className="font-medium">{factorLabel(f.type, f.name)}</p>
                  <p className="text-xs text-slate-500">Added {date(f.createdAt)}{f.lastAuthAt ? `, last used ${date(f.lastAuthAt)}` : ''}</p>
                </div>
                <RemoveFactorForm factorId={f.id} label={factorLabel(f.type, f.name)} />
              </li>
            ))}
          </ul>
        ) : <p className="mb-4 text-sm text-slate-600">No second factor yet: your password alone signs you in.</p>}
        {!hasAuthenticator && (
          <>
            <p className="mb-3 text-sm text-slate-600">
              Set up an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password…): you scan a QR code,
              enter the first code, and get a recovery code to keep somewhere safe. That page is Auth0’s and does not send
              you back: when you are done, return to this page ({origin}/account).
            </p>
            <EnrolAuthenticatorForm />
          </>
        )}
      </Section>

      <Section title="Sessions">
        <div className="flex flex-wrap items-start gap-3">
          <a className={'inline-flex items-center justify-center rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50'} href={`/auth/logout?returnTo=${encodeURIComponent(origin)}`}>Sign out of this device</a>
          <SignOutEverywhereForm />
        </div>
        <p className="mt-3 text-sm text-slate-600">Signing out everywhere ends every session you have, on every device and in every organization, from its next request.</p>
      </Section>

      <Section title="Delete my account">
        <p className="mb-3 text-sm text-slate-600">
          Deletes your account and removes you from every organization. This cannot be undone. If you are the last admin of an
          organization, make someone else an admin there first.
        </p>
        <DeleteAccountForm email={account.email} />
      </Section>
    </Page>
  );
}
