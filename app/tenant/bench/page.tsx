// The benchmark's page yardstick (npm run bench), scenario (c0): a dynamic tenant page shaped
// like the projects page (the same layout, 20 projects) with no sign-in and no database, to
// compare the signed-in projects page with. Off (404) unless the app runs with BENCH_ROUTES=1.
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { BENCH_PROJECTS, benchRoutesEnabled } from '@/app/api/bench/payload';
import { Card, Page } from '@/lib/ui/components';

export const metadata = { title: 'Projects' };

export default function BenchPage() {
  if (!benchRoutesEnabled()) notFound();
  return (
    <Page title="Projects" wide>
      <p className="mb-6 text-sm text-slate-600" data-testid="my-roles">Your role: none</p>
      <div className="grid gap-6 md:grid-cols-[2fr_1fr]">
        <Card>
          <ul className="divide-y divide-slate-100" aria-label="Projects">
            {BENCH_PROJECTS.projects.map((p) => (
              <li key={p.id} className="py-3">
                <Link href={`/projects/${p.id}`} className="font-medium text-brand hover:underline">{p.name}</Link>
                <p className="text-sm text-slate-600">{p.description}</p>
              </li>
            ))}
          </ul>
        </Card>
        <Card><p className="text-sm text-slate-600">You can view projects. Ask an admin if you need to change them.</p></Card>
      </div>
    </Page>
  );
}
