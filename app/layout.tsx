import type { Metadata } from 'next';
import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tenantry', template: '%s · Tenantry' },
  description: 'Multi-tenant B2B SaaS foundation on Next.js and Auth0 Organizations.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-brand-page text-slate-900 antialiased">{children}</body>
    </html>
  );
}
