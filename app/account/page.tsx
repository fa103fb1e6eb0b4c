import { config } from '@/lib/config';
import { AccountPage } from '@/app/account/account-page';

export const metadata = { title: 'Your account' };

export default function Account({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  return <AccountPage origin={config().apexOrigin} searchParams={searchParams} />;
}
