import Link from 'next/link';
import { authorizePage } from '@/lib/auth/page-guard';
import { config } from '@/lib/config';
import { listDomains, verificationRecord } from '@/lib/sso/domains';
import { listConnections } from '@/lib/sso/connections';
import { Alert, Card } from '@/lib/ui/components';
import { SettingsHeading, formatTime } from '@/app/tenant/settings/heading';
import { AddDomainForm, DomainActions, DomainRouteForm } from '@/app/tenant/settings/sso/domains/domain-forms';

export const metadata = { title: 'Verified domains' };
export const dynamic = 'force-dynamic';

export default async function DomainsPage() {
  const ctx = await authorizePage({ permission: 'sso:manage', returnTo: '/settings/sso/domains' });
  const [domains, connections] = await Promise.all([listDomains(ctx), listConnections(ctx)]);
  const choices = connections.map((c) => ({ id: c.id, label: `${c.displayName}${c.enabled ? '' : ' (disabled)'}` }));
  const allowLocalTrust = config().domainVerification === 'trust';
  return (
    <>
      <SettingsHeading title="Verified domains">
        Prove your organization owns an email domain with a DNS TXT record. People at a verified domain are sent straight to your single sign-on.
      </SettingsHeading>
      {allowLocalTrust && (
        <Alert tone="info">Local development: domains can be marked verified without DNS. A deployment with DNS verification has no such button.</Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-[1fr_2fr]">
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Add a domain</h2>
          <AddDomainForm />
        </Card>
        <Card>
          <h2 className="mb-4 text-lg font-semibold">Your domains</h2>
          {domains.length === 0 && <p className="text-slate-600">No domains yet.</p>}
          <ul className="divide-y divide-slate-100" aria-label="Domains">
            {domains.map((d) => {
              const record = verificationRecord(d);
              return (
                <li key={d.id} className="py-3 text-sm" data-testid="domain-row" data-domain={d.domain}>
                  <div className="mb-2 flex flex-wrap items-center justify-between gap-2">
                    <span className="font-medium">{d.domain}</span>
                    <span data-testid="domain-status" className={d.verifiedAt ? 'text-emerald-700' : 'text-amber-700'}>
                      {d.verifiedAt ? `Verified ${formatTime(d.verifiedAt)}` : 'Not verified'}
                    </span>
                  </div>
                  {!d.verifiedAt && (
                    <div className="mb-2 rounded-lg bg-slate-50 p-3">
                      <p className="mb-1 text-slate-600">Publish this DNS record, then press Check now:</p>
                      <dl className="grid grid-cols-[auto_1fr] gap-x-3 font-mono text-xs">
                        <dt className="text-slate-500">Name</dt><dd className="break-all" data-testid="txt-name">{record.name}</dd>
                        <dt className="text-slate-500">Type</dt><dd>{record.type}</dd>
                        <dt className="text-slate-500">Value</dt><dd className="break-all" data-testid="txt-value">{record.value}</dd>
                      </dl>
                    </div>
                  )}
                  {d.verifiedAt && choices.length > 1 && <DomainRouteForm id={d.id} domain={d.domain} connectionId={d.connectionId ?? ''} connections={choices} />}
                  <DomainActions id={d.id} domain={d.domain} verified={!!d.verifiedAt} allowLocalTrust={allowLocalTrust} />
                </li>
              );
            })}
          </ul>
        </Card>
      </div>
      <p className="mt-4 text-sm"><Link href="/settings/sso" className="text-brand hover:underline">Back to single sign-on</Link></p>
    </>
  );
}
