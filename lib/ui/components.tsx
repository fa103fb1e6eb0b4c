// Small shared UI pieces (server components). Styling stays in Tailwind classes here.
import Link from 'next/link';

export function Page({ title, children, wide }: { title: string; children: React.ReactNode; wide?: boolean }) {
  return (
    <main className={`mx-auto px-6 py-12 ${wide ? 'max-w-5xl' : 'max-w-xl'}`}>
      <h1 className="mb-6 text-3xl font-semibold tracking-tight">{title}</h1>
      {children}
    </main>
  );
}

export function Card({ children }: { children: React.ReactNode }) {
  return <section className="rounded-xl border border-slate-200 bg-white p-6 shadow-sm">{children}</section>;
}

export function Alert({ tone = 'error', children }: { tone?: 'error' | 'info' | 'success'; children: React.ReactNode }) {
  const colors = {
    error: 'border-red-200 bg-red-50 text-red-800',
    info: 'border-sky-200 bg-sky-50 text-sky-900',
    success: 'border-emerald-200 bg-emerald-50 text-emerald-900',
  }[tone];
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`mb-4 rounded-lg border px-4 py-3 text-sm ${colors}`}>
      {children}
    </div>
  );
}

export const buttonClass =
  'inline-flex items-center justify-center rounded-lg bg-brand px-4 py-2 text-sm font-medium text-white shadow-sm hover:opacity-90 focus:outline-none focus-visible:ring-2 focus-visible:ring-brand focus-visible:ring-offset-2 disabled:opacity-50';
export const secondaryButtonClass =
  'inline-flex items-center justify-center rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50';
export const inputClass =
  'mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-brand focus:outline-none focus:ring-1 focus:ring-brand';

export function TextLink({ href, children }: { href: string; children: React.ReactNode }) {
  return (
    <Link href={href} className="font-medium text-brand underline-offset-2 hover:underline">
      {children}
    </Link>
  );
}

/**
 * An organization's logo. A plain <img>, not next/image: the address is whatever an org admin
 * entered (any https host), and the image optimizer would need every such host allow-listed
 * and would fetch arbitrary URLs from our servers.
 */
export function OrganizationLogo({ src, name, className }: { src: string; name: string; className: string }) {
  // eslint-disable-next-line @next/next/no-img-element -- see above: admin-chosen hosts
  return <img src={src} alt={`${name} logo`} className={className} />;
}
