// The settings area: a side nav with the sections the signed-in person may use. Each page
// checks its own permission as well (and each server action again).
import Link from 'next/link';
import { authorizePage } from '@/lib/auth/page-guard';
import { SETTINGS_SECTIONS } from '@/app/tenant/settings/sections';

export default async function SettingsLayout({ children }: { children: React.ReactNode }) {
  const ctx = await authorizePage({ returnTo: '/settings' });
  const sections = SETTINGS_SECTIONS.filter((s) => ctx.can(s.permission));
  return (
    <div className="mx-auto max-w-6xl gap-8 px-6 py-10 md:flex">
      {sections.length > 0 && (
        <nav aria-label="Settings" className="mb-6 shrink-0 md:w-48">
          <p className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Settings</p>
          <ul className="space-y-1 text-sm">
            {sections.map((s) => (
              <li key={s.href}>
                <Link href={s.href} className="block rounded-lg px-3 py-2 hover:bg-white hover:shadow-sm">{s.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <div className="min-w-0 flex-1">{children}</div>
    </div>
  );
}
