// Auth0 connections: the enterprise connections (SAML, OIDC) organizations create, which
// applications may use them, and which organizations have them enabled. Each write that is
// one step of a larger change registers its undo on the caller's UndoStack.
import 'server-only';
import { config } from '@/lib/config';
import type { UndoStack } from '@/lib/core/undo';
import { call, isConflict, isNotFound } from '@/lib/management/client';

/** A connection's `options` as Auth0 holds them (strategy-specific; Auth0 replaces them as a whole). */
export type ConnectionOptions = Record<string, unknown>;

export interface Connection {
  id: string;
  name: string;
  strategy?: string;
  displayName?: string;
  /** Left out by Auth0 when our token lacks read:connections_options. */
  options?: ConnectionOptions;
}

/** The connection, or null when it is gone from Auth0. */
export async function readConnection(connectionId: string): Promise<Connection | null> {
  try {
    const c = await call((api) => api.connections.get(connectionId));
    return { id: c.id ?? connectionId, name: c.name ?? '', strategy: c.strategy, displayName: c.display_name, options: c.options as ConnectionOptions | undefined };
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

/** The connection of this name, or null. */
export async function findConnectionByName(name: string): Promise<{ id: string; name: string } | null> {
  const page = await call((api) => api.connections.list({ name, take: 1 }));
  const found = page.data.find((c) => c.name === name);
  return found?.id ? { id: found.id, name } : null;
}

/**
 * Creates a connection, deleted again on undo. Null when the name is taken in the tenant
 * (Auth0's 409; names are unique tenant-wide), so the caller can try another. Which
 * applications may use it is set apart (enableConnectionForApp): Auth0 no longer takes
 * enabled_clients on the connection itself.
 */
export async function createConnection(
  spec: { name: string; strategy: 'samlp' | 'oidc'; displayName: string; options: ConnectionOptions },
  undo: UndoStack,
): Promise<{ id: string; name: string } | null> {
  let created;
  try {
    created = await call((api) => api.connections.create({ name: spec.name, strategy: spec.strategy, display_name: spec.displayName, options: spec.options } as Parameters<typeof api.connections.create>[0]));
  } catch (error) {
    if (isConflict(error)) return null;
    throw error;
  }
  const connectionId = created.id!;
  undo.push('create connection', () => call((api) => api.connections.delete(connectionId)));
  return { id: connectionId, name: created.name! };
}

/** Lets Tenantry's application sign people in with the connection (undone by deleting the connection). */
export async function enableConnectionForApp(connectionId: string): Promise<void> {
  await call((api) => api.connections.clients.update(connectionId, [{ client_id: config().auth0.clientId, status: true }]));
}

/**
 * Writes display name and options (Auth0 does not merge options: `next` is the whole set);
 * `previous` comes back on undo.
 */
export async function updateConnectionSettings(
  connectionId: string,
  previous: { displayName?: string; options: ConnectionOptions },
  next: { displayName?: string; options: ConnectionOptions },
  undo: UndoStack,
): Promise<void> {
  await call((api) => api.connections.update(connectionId, { display_name: next.displayName, options: next.options } as Parameters<typeof api.connections.update>[1]));
  undo.push('update connection', () =>
    call((api) => api.connections.update(connectionId, { display_name: previous.displayName, options: previous.options } as Parameters<typeof api.connections.update>[1])),
  );
}

/** Deletes the connection (Auth0 takes it off every organization). Already gone counts as deleted. */
export async function deleteConnection(connectionId: string): Promise<void> {
  await call((api) => api.connections.delete(connectionId)).catch((error) => {
    if (!isNotFound(error)) throw error;
  });
}

/** The connections enabled on the organization (up to 100; Auth0 allows 10). */
export async function enabledConnectionsOf(auth0OrgId: string): Promise<Connection[]> {
  const page = await call((api) => api.organizations.enabledConnections.list(auth0OrgId, { per_page: 100 }));
  return page.data.map((c) => ({ id: c.connection_id ?? '', name: c.connection?.name ?? '', strategy: c.connection?.strategy }));
}

// Both directions are idempotent (already enabled, already off), and so are their undos.
async function addToOrganization(auth0OrgId: string, connectionId: string, settings: { autoMembership: boolean }): Promise<void> {
  await call((api) => api.organizations.enabledConnections.add(auth0OrgId, { connection_id: connectionId, assign_membership_on_login: settings.autoMembership, show_as_button: true })).catch((error) => {
    if (!isConflict(error)) throw error;
  });
}

async function removeFromOrganization(auth0OrgId: string, connectionId: string): Promise<void> {
  await call((api) => api.organizations.enabledConnections.delete(auth0OrgId, connectionId)).catch((error) => {
    if (!isNotFound(error)) throw error;
  });
}

/**
 * Enables the connection on the organization as a login button, with or without Auth0's
 * auto-membership; already enabled counts as enabled. Disabled again on undo.
 */
export async function enableConnectionOnOrganization(auth0OrgId: string, connectionId: string, settings: { autoMembership: boolean }, undo: UndoStack): Promise<void> {
  await addToOrganization(auth0OrgId, connectionId, settings);
  undo.push('enable on organization', () => removeFromOrganization(auth0OrgId, connectionId));
}

/** Takes the connection off the organization (not enabled counts as done); on undo it is enabled again with `settings`. */
export async function disableConnectionOnOrganization(auth0OrgId: string, connectionId: string, settings: { autoMembership: boolean }, undo: UndoStack): Promise<void> {
  await removeFromOrganization(auth0OrgId, connectionId);
  undo.push('disable on organization', () => addToOrganization(auth0OrgId, connectionId, settings));
}

/** Switches Auth0's auto-membership for the connection on the organization; switched back on undo. */
export async function setAutoMembership(auth0OrgId: string, connectionId: string, change: { from: boolean; to: boolean }, undo: UndoStack): Promise<void> {
  await call((api) => api.organizations.enabledConnections.update(auth0OrgId, connectionId, { assign_membership_on_login: change.to }));
  undo.push('update auto-membership', () =>
    call((api) => api.organizations.enabledConnections.update(auth0OrgId, connectionId, { assign_membership_on_login: change.from })),
  );
}
