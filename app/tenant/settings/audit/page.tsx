import Link from 'next/link';
import { authorizePage } from '@/lib/auth/page-guard';
import { AUDIT_ACTIONS, auditFilterInput, auditPage, type AuditFilter } from '@/lib/admin/audit-log';
import { fieldErrors } from '@/lib/http/forms';
import { Alert, Card, inputClass, secondaryButtonClass, buttonClass } from '@/lib/ui/components';
import { SettingsHeading, formatTime } from '@/app/tenant/settings/heading';

export const metadata = { title: 'Audit log' };

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function AuditPage({ searchParams }: { searchParams: Search }) {
  const ctx = await authorizePage({ permission: 'audit:read', returnTo: '/settings/audit' });
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, (Array.isArray(v) ? v[0] : v) ?? '']));
  const parsed = auditFilterInput.safeParse(raw);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  const filter: AuditFilter = parsed.success ? parsed.data : {};
  const { events, next } = parsed.success ? await auditPage(ctx, filter) : { events: [], next: null };
  const query = (extra: Record<string, string>) => {
    const q = new URLSearchParams();
    for (const key of ['action', 'actor', 'from', 'to'] as const) if (filter[key]) q.set(key, filter[key]!);
    for (const [k, v] of Object.entries(extra)) q.set(k, v);
    return q.toString();
  };
  const fieldError = (name: string) => errors[name] && <p role="alert" className="mt-1 text-sm text-red-700">{errors[name]}</p>;
  return (
    <>
      <SettingsHeading title="Audit log">Who did what in this organization, newest first.</SettingsHeading>
      <form method="get" action="/settings/audit" className="mb-4 grid gap-3 sm:grid-cols-5 sm:items-end" aria-label="Filter the audit log">
        <label className="text-sm font-medium text-slate-700">Action
          <select name="action" defaultValue={raw.action ?? ''} className={inputClass}>
            <option value="">Any action</option>
            {AUDIT_ACTIONS.map((a) => <option key={a} value={a}>{a}</option>)}
          </select>
          {fieldError('action')}
        </label>
        <label className="text-sm font-medium text-slate-700">Actor
          <input name="actor" defaultValue={raw.actor ?? ''} placeholder="Name or user id" className={inputClass} />
          {fieldError('actor')}
        </label>
        <label className="text-sm font-medium text-slate-700">From
          <input name="from" type="date" defaultValue={raw.from ?? ''} className={inputClass} />
          {fieldError('from')}
        </label>
        <label className="text-sm font-medium text-slate-700">To
          <input name="to" type="date" defaultValue={raw.to ?? ''} className={inputClass} />
          {fieldError('to')}
        </label>
        <div className="flex gap-2"><button type="submit" className={buttonClass}>Filter</button><Link href="/settings/audit" className={secondaryButtonClass}>Clear</Link></div>
      </form>
      <p className="mb-4 flex gap-4 text-sm">
        Export: <a className="text-brand underline" href={`/api/audit/export?${query({ format: 'csv' })}`}>CSV</a>
        <a className="text-brand underline" href={`/api/audit/export?${query({ format: 'jsonl' })}`}>JSON Lines</a>
      </p>
      {!parsed.success && <Alert>Some filters are not valid.</Alert>}
      <Card>
        {events.length === 0 ? <p className="text-slate-600">No events.</p> : (
          <table className="w-full text-left text-sm" aria-label="Audit events">
            <thead className="text-xs uppercase text-slate-500"><tr><th className="py-2">Time</th><th>Actor</th><th>Action</th><th>Target</th><th>Details</th></tr></thead>
            <tbody className="divide-y divide-slate-100">
              {events.map((e) => (
                <tr key={e.id} data-testid="audit-row" data-action={e.action} className="align-top">
                  <td className="py-2 pr-3 whitespace-nowrap">{formatTime(e.createdAt)}</td>
                  <td className="py-2 pr-3">{e.actorName ?? e.actor}</td>
                  <td className="py-2 pr-3 font-mono text-xs">{e.action}</td>
                  <td className="py-2 pr-3 break-all">{e.target ?? '—'}</td>
                  <td className="py-2 font-mono text-xs break-all text-slate-600">{JSON.stringify(e.details)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      <nav aria-label="Pages" className="mt-4 flex gap-4 text-sm">
        {filter.cursor && <Link href={`/settings/audit?${query({})}`} className="text-brand hover:underline">← Newest</Link>}
        {next && <Link href={`/settings/audit?${query({ cursor: next })}`} className="text-brand hover:underline">Older →</Link>}
      </nav>
    </>
  );
}
