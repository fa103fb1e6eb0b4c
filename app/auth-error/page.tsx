import { Page, Alert } from '@/lib/ui/components';

export const metadata = { title: 'Could not sign you in' };

// Turns Auth0's error codes on the callback into words a person can act on.
function explain(error: string, description: string): string {
  // Enterprise users are "samlp|<connection>|..." or "oidc|<connection>|...": they got past
  // their company's sign-in, but the organization only admits invited people.
  if (/^user (samlp|oidc)\|\S+ is not part of the/.test(description)) {
    return 'You signed in with your company’s single sign-on, but this organization only lets in people who were invited. Ask an administrator of the organization to invite you.';
  }
  if (/the connection is not enabled for the organization/.test(description)) return 'This way of signing in is not enabled for this organization. Sign in another way, or ask an administrator.';
  if (/is not part of the/.test(description)) return 'Your account is not a member of this organization. Ask an administrator of the organization to invite you.';
  if (/invitation/.test(description)) return 'This invitation link is no longer valid: it has expired, was already used, or belongs to another organization. Ask for a new invitation.';
  if (error === 'access_denied') return description || 'Access was denied.';
  if (error === 'login_required') return 'Please sign in again.';
  return description || 'Something went wrong while signing you in. Please try again.';
}

export default async function AuthError({ searchParams }: { searchParams: Promise<{ error?: string; description?: string }> }) {
  const { error = 'login_failed', description = '' } = await searchParams;
  return (
    <Page title="We could not sign you in">
      <Alert>{explain(error, description)}</Alert>
      <p className="text-sm text-slate-500">Error code: {error}</p>
      <p className="mt-6"><a className="font-medium text-brand underline" href="/">Back to the start page</a></p>
    </Page>
  );
}
