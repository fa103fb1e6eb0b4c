import { Page, buttonClass, secondaryButtonClass } from '@/lib/ui/components';

export default function HomePage() {
  return (
    <Page title="Tenantry">
      <p className="mb-8 text-lg text-slate-600">
        Every company gets its own workspace on its own subdomain, with its own members, roles, single sign-on and
        audit log.
      </p>
      <div className="flex flex-wrap gap-3">
        <a className={buttonClass} href="/signup">Create your organization</a>
        <a className={secondaryButtonClass} href="/find">Find my organization</a>
        <a className={secondaryButtonClass} href="/auth/login?returnTo=%2Fselect-organization">Sign in</a>
        <a className={secondaryButtonClass} href="/auth/login?screen_hint=signup&returnTo=%2Fpersonal">Personal account</a>
      </div>
    </Page>
  );
}
