import type { Metadata } from 'next';
import { connection } from 'next/server';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tenantry', template: '%s · Tenantry' },
  description: 'Multi-tenant B2B SaaS foundation on Next.js and Auth0 Organizations.',
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: Next.js puts the request's CSP nonce (set by middleware,
  // lib/http/security-headers.ts) on its scripts only then; a prerendered page has none and
  // its scripts would be blocked.
  await connection();
  return (
    <html lang="en">
      <body className="min-h-screen bg-brand-page text-slate-900 antialiased">{children}</body>
    </html>
  );
}
