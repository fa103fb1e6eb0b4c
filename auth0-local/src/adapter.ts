// oidc-provider persistence: one Map per model (sessions, grants, codes, refresh tokens, ...),
// written to `<dataDir>/oidc/<Model>.json` so a restart signs no one out. Clients are not
// stored here: they come live from the tenant store, so Management API edits take effect.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry { payload: AdapterPayload; exp?: number /* epoch seconds */ }

const nowSeconds = () => Math.floor(Date.now() / 1000);

export class ModelStore {
  private readonly models = new Map<string, Map<string, Entry>>();
  private readonly dirty = new Set<string>();
  private flushScheduled = false;
  private readonly dir: string | null;

  constructor(dataDir: string | null) {
    this.dir = dataDir ? join(dataDir, 'oidc') : null;
  }

  model(name: string): Map<string, Entry> {
    let m = this.models.get(name);
    if (!m) {
      m = new Map();
      const file = this.file(name);
      if (file && existsSync(file)) {
        try {
          const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Entry>;
          const now = nowSeconds();
          for (const [id, e] of Object.entries(raw)) if (!e.exp || e.exp > now) m.set(id, e);
        } catch { /* a corrupt file only loses sessions */ }
      }
      this.models.set(name, m);
    }
    return m;
  }

  private file(name: string) { return this.dir ? join(this.dir, `${name}.json`) : null; }

  touch(name: string): void {
    if (!this.dir) return;
    this.dirty.add(name);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  flush(): void {
    this.flushScheduled = false;
    if (!this.dir) return;
    mkdirSync(this.dir, { recursive: true });
    const now = nowSeconds();
    for (const name of this.dirty) {
      const m = this.model(name);
      const out: Record<string, Entry> = {};
      for (const [id, e] of m) if (!e.exp || e.exp > now) out[id] = e;
      const file = this.file(name)!;
      writeFileSync(`${file}.tmp`, JSON.stringify(out));
      renameSync(`${file}.tmp`, file);
    }
    this.dirty.clear();
  }

  /** Forget everything (reset). */
  clear(): void {
    this.models.clear();
    this.dirty.clear();
    if (this.dir && existsSync(this.dir)) {
      for (const f of readdirSync(this.dir)) rmSync(join(this.dir, f), { force: true });
    }
  }

  // Generic helpers, also used for the local tenant's own short-lived records.
  set(name: string, id: string, payload: AdapterPayload, expiresIn?: number): void {
    this.model(name).set(id, { payload, ...(expiresIn ? { exp: nowSeconds() + expiresIn } : {}) });
    this.touch(name);
  }
  get(name: string, id: string): AdapterPayload | undefined {
    const m = this.model(name);
    const e = m.get(id);
    if (!e) return undefined;
    if (e.exp && e.exp <= nowSeconds()) { m.delete(id); this.touch(name); return undefined; }
    return e.payload;
  }
  delete(name: string, id: string): void {
    if (this.model(name).delete(id)) this.touch(name);
  }
  entries(name: string): Array<[string, AdapterPayload]> {
    const now = nowSeconds();
    return [...this.model(name)].filter(([, e]) => !e.exp || e.exp > now).map(([id, e]) => [id, e.payload]);
  }
}

/** Builds the adapter class oidc-provider instantiates once per model name. */
export function createAdapter(models: ModelStore, clientMetadata: (clientId: string) => AdapterPayload | undefined) {
  return class TenantAdapter implements Adapter {
    constructor(private readonly name: string) {}

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      if (this.name === 'Client') return;
      models.set(this.name, id, payload, expiresIn);
    }
    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.name === 'Client') return clientMetadata(id);
      return models.get(this.name, id);
    }
    async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
      return models.entries(this.name).find(([, p]) => p.userCode === userCode)?.[1];
    }
    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      return models.entries(this.name).find(([, p]) => p.uid === uid)?.[1];
    }
    async consume(id: string): Promise<void> {
      const p = models.get(this.name, id);
      if (p) { p.consumed = Math.floor(Date.now() / 1000); models.touch(this.name); }
    }
    async destroy(id: string): Promise<void> {
      models.delete(this.name, id);
    }
    async revokeByGrantId(grantId: string): Promise<void> {
      for (const [id, p] of models.entries(this.name)) if (p.grantId === grantId) models.delete(this.name, id);
    }
  };
}
