import { Card, Page } from '@/lib/ui/components';
import { FindForm } from '@/app/find/find-form';

export const metadata = { title: 'Find my organization' };

export default function FindPage() {
  return (
    <Page title="Find your organization">
      <Card>
        <p className="mb-4 text-sm text-slate-600">Enter your email. After you sign in we take you to your organization, or let you choose if you belong to several.</p>
        <FindForm />
      </Card>
    </Page>
  );
}
