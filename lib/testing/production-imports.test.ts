// Test support and the local tenant stay out of the app's build: no production file (app/,
// lib/ outside lib/testing, middleware.ts) imports lib/testing, auth0-local or a test runner.
// Tests (*.test.ts) and lib/testing itself may.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCE = /\.(ts|tsx|js|mjs|cjs)$/;
const TEST = /\.test\.tsx?$/;

/** Module specifiers a file names: static and dynamic imports, re-exports, require(). */
export function specifiersOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\b(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

/** Why `specifier`, imported by the file at `file` (relative to the root), is test-only; null if it is not. */
export function testOnlyImport(file: string, specifier: string): string | null {
  if (/^(vitest|@vitest\/|@playwright\/test)(\/|$)/.test(specifier)) return 'a test runner';
  let target: string;
  if (specifier.startsWith('@/')) target = specifier.slice(2);
  else if (specifier.startsWith('.')) target = relative(ROOT, resolve(ROOT, dirname(file), specifier));
  else return null;
  const parts = target.split(/[\\/]/);
  if (parts[0] === 'auth0-local') return 'the local tenant (auth0-local)';
  if (parts[0] === 'lib' && parts[1] === 'testing') return 'test support (lib/testing)';
  return null;
}

function productionFiles(): string[] {
  const out: string[] = ['middleware.ts'];
  const walk = (dir: string) => {
    for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (path !== join('lib', 'testing')) walk(path);
      } else if (SOURCE.test(entry.name) && !TEST.test(entry.name)) {
        out.push(path);
      }
    }
  };
  walk('app');
  walk('lib');
  return out;
}

describe('test-only code is not shipped', () => {
  it('no production file imports lib/testing, auth0-local or a test runner', () => {
    const files = productionFiles();
    expect(files).toContain(join('lib', 'auth', 'authorize.ts'));
    expect(files.some((f) => f.split(sep).includes('testing'))).toBe(false);
    const offenders = files.flatMap((file) =>
      specifiersOf(readFileSync(join(ROOT, file), 'utf8')).flatMap((specifier) => {
        const why = testOnlyImport(file, specifier);
        return why ? [`${file} imports ${specifier}: ${why}`] : [];
      }),
    );
    expect(offenders).toEqual([]);
  });

  const from = join('lib', 'admin', 'members.ts');
  it.each([
    ["import { startWorld } from '@/lib/testing/world';", 'test support (lib/testing)'],
    ["import type { Harness } from '../../auth0-local/src/management/test-harness';", 'the local tenant (auth0-local)'],
    ["export { APP_CLIENT } from '../testing/seeded';", 'test support (lib/testing)'],
    ["const tenant = await import('@/auth0-local/src/server');", 'the local tenant (auth0-local)'],
    ["const idp = require('../../auth0-local/testing');", 'the local tenant (auth0-local)'],
    ["import 'vitest';", 'a test runner'],
    ["import {\n  test,\n} from '@playwright/test';", 'a test runner'],
  ])('recognises %s as test-only', (source, why) => {
    expect(specifiersOf(source).map((s) => testOnlyImport(from, s))).toEqual([why]);
  });

  it('lets production code import the app and packages', () => {
    const source = "import { db } from '@/lib/db/client';\nimport { z } from 'zod';\nimport { x } from '../auth/context';\nimport { y } from './testing/helpers';";
    // ./testing/helpers from lib/admin is lib/admin/testing, not lib/testing.
    expect(specifiersOf(source).map((s) => testOnlyImport(from, s))).toEqual([null, null, null, null]);
  });
});
