// Auth0's back-channel logout URL (the application's "Back-Channel Logout URI"); middleware
// passes it here instead of to the SDK. See lib/auth/backchannel-logout.ts.
import { handleBackchannelLogout } from '@/lib/auth/backchannel-logout';

export const dynamic = 'force-dynamic';

export const POST = (request: Request) => handleBackchannelLogout(request);
