// Who is asking, for what concerns only themself (the account page): the person of the live
// session, on the apex or any tenant host. Their organizations play no part in it.
import 'server-only';
import { headers } from 'next/headers';
import { liveSession } from '@/lib/auth/session';
import { AuthError } from '@/lib/auth/authorize';
import { config } from '@/lib/config';

export interface Person {
  /** Auth0 user id (the session's `sub`). */
  userId: string;
  email?: string;
  name?: string;
}

/** The session is read from the request's own headers (its cookie), like a route handler's. */
export async function currentPerson(): Promise<Person> {
  const session = await liveSession(new Request(config().apexOrigin, { headers: await headers() }));
  if (!session) throw new AuthError('unauthenticated', 'Please sign in.');
  return { userId: session.user.sub, email: session.user.email, name: session.user.name };
}
