// The app's settings default to the local tenant's seeded clients (it cannot read the seed at
// run time: the local tenant is not shipped). These defaults must stay what the seed says.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '@/lib/config';
import { provisioningClient } from '@/lib/management/provision';
import { API_AUDIENCE, APP_CLIENT, MANAGEMENT_CLIENT, PROVISIONER_CLIENT } from '@/lib/testing/seeded';

describe('the local defaults are the seeded clients', () => {
  it('the app and its Management API client, and the API audience', () => {
    const { auth0 } = parseConfig({});
    expect({ id: auth0.clientId, secret: auth0.clientSecret }).toEqual(APP_CLIENT);
    expect({ id: auth0.m2mClientId, secret: auth0.m2mClientSecret }).toEqual(MANAGEMENT_CLIENT);
    expect(auth0.apiAudience).toBe(API_AUDIENCE);
  });

  it('the provisioning client on a local tenant', () => {
    expect(provisioningClient('http://localhost:4000', {}).provisioner).toEqual(PROVISIONER_CLIENT);
  });
});
