'use client';
import { ErrorMessage } from '@/lib/ui/error-pages';

// A page on the apex failed while rendering.
export default function ErrorPage(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorMessage {...props} home={{ href: '/', label: 'Go to the home page' }} />;
}
