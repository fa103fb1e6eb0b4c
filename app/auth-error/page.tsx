import Link from 'next/link';
import { Page, Alert } from '@/lib/ui/components';
import { authErrorText } from './messages';

export const metadata = { title: 'Could not sign you in' };

// Turns Auth0's error codes on the callback into words a person can act on: only our own
// words (messages.ts), never text from the address.
export default async function AuthError({ searchParams }: { searchParams: Promise<{ error?: string | string[]; description?: string | string[] }> }) {
  const { error, description } = await searchParams;
  const { message, code } = authErrorText(error, description);
  return (
    <Page title="We could not sign you in">
      <Alert>{message}</Alert>
      {code && <p className="text-sm text-slate-500">Error code: {code}</p>}
      <p className="mt-6"><Link className="font-medium text-brand underline" href="/">Back to the start page</Link></p>
    </Page>
  );
}
