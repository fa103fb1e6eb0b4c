'use client';
import { ErrorMessage } from '@/lib/ui/error-pages';

// A tenant page failed while rendering; the organization's header stays above this.
export default function TenantErrorPage(props: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorMessage {...props} home={{ href: '/', label: 'Back to the workspace' }} />;
}
