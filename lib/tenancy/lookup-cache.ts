// A small in-memory cache with an expiry per entry and a bound on its size, for the tenant
// lookups (middleware's and the internal route's). The clock is a parameter so tests can
// move time.
export class LookupCache<V> {
  private readonly entries = new Map<string, { value: V; expires: number }>();

  constructor(private readonly maxEntries: number, private readonly now: () => number = () => Date.now()) {}

  /** The entry for `key` while it is fresh; `undefined` when absent or expired. */
  get(key: string): { value: V } | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expires > this.now()) return { value: entry.value };
    this.entries.delete(key);
    return undefined;
  }

  set(key: string, value: V, ttlMs: number): void {
    this.entries.delete(key);
    // The oldest entry goes first (a Map keeps insertion order).
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expires: this.now() + ttlMs });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}
