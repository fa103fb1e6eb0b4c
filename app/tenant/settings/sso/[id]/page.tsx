import Link from 'next/link';
import { notFound } from 'next/navigation';
import { authorizePage } from '@/lib/auth/page-guard';
import { DomainError } from '@/lib/core/errors';
import { ManagementApiError } from '@/lib/management/errors';
import { connectionSettings, STRATEGY_LABELS, type ConnectionSettings, type Strategy } from '@/lib/sso/connections';
import { oidcRedirectUri, serviceProvider } from '@/lib/sso/service-provider';
import { NotFoundInOrganization } from '@/lib/sso/owned';
import { Alert, Card, buttonClass } from '@/lib/ui/components';
import { SettingsHeading } from '@/app/tenant/settings/heading';
import { ConnectionForm, ConnectionStatusActions } from '@/app/tenant/settings/sso/connection-forms';

export const metadata = { title: 'Single sign-on connection' };
export const dynamic = 'force-dynamic';

function Detail({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="mb-3">
      <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-0.5 break-all font-mono text-sm" data-testid={testId}>{value}</dd>
    </div>
  );
}

export default async function ConnectionPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<{ created?: string }> }) {
  const { id } = await params;
  const ctx = await authorizePage({ permission: 'sso:manage', returnTo: `/settings/sso/${encodeURIComponent(id)}` });
  let settings: ConnectionSettings;
  try {
    settings = await connectionSettings(ctx, id);
  } catch (error) {
    if (error instanceof NotFoundInOrganization) notFound();
    if (!(error instanceof DomainError || error instanceof ManagementApiError)) throw error;
    return (
      <>
        <SettingsHeading title="Single sign-on connection" />
        <Alert>{error.message}</Alert>
        <Link href="/settings/sso" className="text-brand hover:underline">Back to single sign-on</Link>
      </>
    );
  }
  const { row } = settings;
  const sp = serviceProvider(row.name);
  const created = (await searchParams).created;
  const certificate = settings.saml?.certificate;
  const tryHref = `/auth/login?${new URLSearchParams({ connection: row.name, returnTo: '/projects' })}`;
  return (
    <>
      <SettingsHeading title={row.displayName}>
        {STRATEGY_LABELS[row.strategy as Strategy] ?? row.strategy} connection <code data-testid="connection-name">{row.name}</code> · <span data-testid="connection-status">{row.enabled ? 'Enabled' : 'Disabled'}</span>
      </SettingsHeading>
      {created && <Alert tone="success">Connection created and enabled for your organization.</Alert>}
      <div className="space-y-6">
        <Card>
          <h2 className="mb-3 text-lg font-semibold">{row.strategy === 'samlp' ? 'Give these to your identity provider' : 'Register this with your provider'}</h2>
          {row.strategy === 'samlp' ? (
            <dl>
              <Detail label="Entity ID (audience)" value={sp.entityId} testId="sp-entity-id" />
              <Detail label="Assertion consumer service (ACS) URL" value={sp.acsUrl} testId="sp-acs-url" />
              <div className="mb-3">
                <dt className="text-xs font-semibold uppercase tracking-wide text-slate-500">Service provider metadata</dt>
                <dd className="mt-0.5 text-sm">
                  <a href={sp.metadataUrl} className="text-brand hover:underline" target="_blank" rel="noopener noreferrer">{sp.metadataUrl}</a>
                  <details className="mt-2">
                    <summary className="cursor-pointer text-slate-600">Show metadata XML</summary>
                    <pre className="mt-2 overflow-x-auto rounded-lg bg-slate-50 p-3 text-xs" data-testid="sp-metadata-xml">{sp.metadataXml}</pre>
                  </details>
                </dd>
              </div>
            </dl>
          ) : (
            <dl>
              <Detail label="Redirect URI" value={oidcRedirectUri()} testId="oidc-redirect-uri" />
              <Detail label="Scopes" value="openid profile email" testId="oidc-scopes" />
            </dl>
          )}
          {certificate && <p className="text-sm text-slate-600">Signing certificate: {certificate.subject}, valid until {certificate.validTo.toISOString().slice(0, 10)}.</p>}
        </Card>
        <Card>
          <h2 className="mb-2 text-lg font-semibold">Try it</h2>
          <p className="mb-3 text-sm text-slate-600">Opens sign-in with this connection in a new tab. Signing in there replaces your session in this browser; use a private window to stay signed in here.</p>
          <a href={tryHref} target="_blank" rel="noopener" className={buttonClass}>Try sign-in</a>
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Settings</h2>
          <ConnectionForm
            initial={{
              id: row.id, strategy: row.strategy as Strategy, displayName: row.displayName, autoMembership: row.autoMembership, defaultRole: settings.defaultRole,
              signInUrl: settings.saml?.signInUrl, issuer: settings.oidc?.issuer, clientId: settings.oidc?.clientId, hasSecret: settings.oidc?.hasSecret,
              certificateSummary: certificate ? `${certificate.subject}, valid until ${certificate.validTo.toISOString().slice(0, 10)}` : undefined,
            }}
          />
        </Card>
        <Card>
          <h2 className="mb-2 text-lg font-semibold">Status</h2>
          <p className="mb-3 text-sm text-slate-600">Disabling keeps the settings but stops sign-in with this connection. Deleting removes it from Auth0 and here.</p>
          <ConnectionStatusActions id={row.id} enabled={row.enabled} displayName={row.displayName} />
        </Card>
      </div>
      <p className="mt-4 text-sm"><Link href="/settings/sso" className="text-brand hover:underline">Back to single sign-on</Link></p>
    </>
  );
}
