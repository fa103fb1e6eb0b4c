'use client';
// What a person sees when a page is missing or fails. Never the server's error: Next.js gives
// the browser only a digest (the id of the error in the server log), which is what we show.
import { Page, buttonClass, secondaryButtonClass } from '@/lib/ui/components';

export function NotFoundMessage({ home }: { home: { href: string; label: string } }) {
  return (
    <Page title="Page not found">
      <p className="mb-6 text-slate-700">There is nothing at this address. Check the link, or start again from the home page.</p>
      <a className={secondaryButtonClass} href={home.href}>{home.label}</a>
    </Page>
  );
}

export function ErrorMessage({ error, reset, home }: { error: Error & { digest?: string }; reset: () => void; home: { href: string; label: string } }) {
  return (
    <Page title="Something went wrong">
      <p className="mb-4 text-slate-700">This page could not be shown. Nothing you did caused it; please try again.</p>
      {error.digest && (
        <p className="mb-6 text-sm text-slate-500">
          If it keeps happening, tell support this reference: <code data-testid="error-digest">{error.digest}</code>
        </p>
      )}
      <div className="flex gap-3">
        <button type="button" className={buttonClass} onClick={reset}>Try again</button>
        <a className={secondaryButtonClass} href={home.href}>{home.label}</a>
      </div>
    </Page>
  );
}
