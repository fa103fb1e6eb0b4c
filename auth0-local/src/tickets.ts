// Single-use tickets: the password-change link (mailed by "Forgot your password?" or handed out
// by POST /api/v2/tickets/password-change) and the Guardian enrollment link (POST
// /api/v2/guardian/enrollments/ticket). Kept in the tenant state so both APIs share them and
// they expire on the tenant clock.
import { newId, type TenantStore, type Ticket } from './store.js';

export function createTicket(store: TenantStore, ticket: Omit<Ticket, 'id'>, nowSeconds: number): Ticket {
  const t: Ticket = { id: newId.ticket(), ...ticket };
  store.mutate((s) => {
    // Expired tickets are dropped as new ones are made, so the list stays small.
    s.tickets = s.tickets.filter((x) => x.expires_at > nowSeconds);
    s.tickets.push(t);
  });
  return t;
}

/** The ticket if it exists, is of this kind and has not expired at `nowSeconds`. */
export function liveTicket(store: TenantStore, id: string, kind: Ticket['kind'], nowSeconds: number): Ticket | undefined {
  if (!/^[A-Za-z0-9]{16,64}$/.test(id)) return undefined;
  return store.state.tickets.find((t) => t.id === id && t.kind === kind && t.expires_at > nowSeconds);
}
