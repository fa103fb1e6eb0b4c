import { liveSession } from '@/lib/auth/session';
import { config } from '@/lib/config';
import { Card, Page, buttonClass, secondaryButtonClass } from '@/lib/ui/components';
import { SignupForm } from '@/app/signup/signup-form';

export const metadata = { title: 'Create your organization' };

export default async function SignupPage() {
  const session = await liveSession();
  return (
    <Page title="Create your organization">
      {session ? (
        <Card>
          <p className="mb-4 text-sm text-slate-600">Signed in as {session.user.email}. You will be the organization&apos;s admin.</p>
          <SignupForm rootDomain={config().rootDomain} />
        </Card>
      ) : (
        <Card>
          <p className="mb-6 text-slate-700">First create your account (or sign in), then name your company and choose its address.</p>
          <div className="flex flex-wrap gap-3">
            <a className={buttonClass} href="/auth/login?screen_hint=signup&returnTo=%2Fsignup">Create account</a>
            <a className={secondaryButtonClass} href="/auth/login?returnTo=%2Fsignup">I already have an account</a>
          </div>
        </Card>
      )}
    </Page>
  );
}
