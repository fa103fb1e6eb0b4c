import { forbidden, redirect } from 'next/navigation';
import { authorizePage } from '@/lib/auth/page-guard';
import { SETTINGS_SECTIONS } from '@/app/tenant/settings/sections';

// /settings opens the first section this person may use; none at all is a 403.
export default async function SettingsIndex() {
  const ctx = await authorizePage({ returnTo: '/settings' });
  const first = SETTINGS_SECTIONS.find((s) => ctx.can(s.permission));
  if (!first) forbidden();
  redirect(first.href);
}
