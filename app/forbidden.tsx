import Link from 'next/link';
import { Page } from '@/lib/ui/components';

export default function Forbidden() {
  return (
    <Page title="You do not have access to this page">
      <p className="text-slate-700">Your role in this organization does not allow this. Ask an organization admin if you need it.</p>
      <p className="mt-6"><Link className="font-medium text-brand underline" href="/">Back to the workspace</Link></p>
    </Page>
  );
}
