// What production runs (`npm start`: the bundled migration runner, then `next start` serving
// the app) imports only packages from "dependencies": a deployment that installs without
// devDependencies (npm ci --omit=dev) starts. The local Auth0 tenant and the tests keep
// theirs (oidc-provider, koa, openid-client, node-saml, ...) in devDependencies.
import { builtinModules } from 'node:module';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as esbuild from 'esbuild';
import { describe, expect, it } from 'vitest';
import { MIGRATION_RUNNER, migrationRunnerBuild } from './bundle-migrate';

const ROOT = join(import.meta.dirname, '..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string>; scripts: Record<string, string> };
const lock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };

const builtins = new Set(builtinModules);
/** The package a bare import names ("@scope/name/sub" -> "@scope/name"), or null for Node's own modules. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('node:') || builtins.has(specifier.split('/')[0]!)) return null;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
}

function externalPackages(metafile: esbuild.Metafile): string[] {
  const out = new Set<string>();
  for (const output of Object.values(metafile.outputs)) {
    for (const imported of output.imports) if (imported.external) {
      const name = packageOf(imported.path);
      if (name) out.add(name);
    }
  }
  return [...out].sort();
}

/** Files Next.js serves from: its special files under app/ (everything they import follows). */
const NEXT_FILES = /^(page|layout|route|error|global-error|not-found|forbidden|unauthorized|loading|template|default)\.(ts|tsx)$/;
function appEntries(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return appEntries(path);
    return NEXT_FILES.test(e.name) ? [path] : [];
  });
}

function expectProductionPackages(packages: string[]) {
  expect(packages.length).toBeGreaterThan(0);
  for (const name of packages) {
    expect(pkg.dependencies[name], `${name} is imported by production code: it belongs in "dependencies"`).toBeDefined();
    expect(lock.packages[`node_modules/${name}`]?.dev, `${name} is marked dev in package-lock.json: run npm install --package-lock-only`).toBeUndefined();
  }
}

describe('the production start path needs no devDependency', () => {
  it('npm start runs the built migration runner with node, then next start: no tsx', () => {
    expect(pkg.scripts.start).toBe(`node ${MIGRATION_RUNNER} && node --require ./lib/http/refuse-trace.cjs node_modules/next/dist/bin/next start`);
    expect(pkg.scripts.build).toContain('node --import tsx scripts/bundle-migrate.ts');
  });

  it('the migration runner imports only "dependencies" (the database drivers)', async () => {
    const result = await esbuild.build({ ...migrationRunnerBuild, write: false, outfile: join(ROOT, MIGRATION_RUNNER), metafile: true, logLevel: 'silent' });
    const packages = externalPackages(result.metafile!);
    expectProductionPackages(packages);
    expect(packages).toContain('@electric-sql/pglite');
  });

  it('the app (every page, layout and route, middleware, next.config.js) imports only "dependencies"', async () => {
    const entryPoints = [...appEntries(join(ROOT, 'app')), join(ROOT, 'middleware.ts'), join(ROOT, 'next.config.js'), join(ROOT, 'lib/http/refuse-trace.cjs')];
    const result = await esbuild.build({
      entryPoints, bundle: true, packages: 'external', write: false, metafile: true, outdir: join(ROOT, '.data/production-dependencies'),
      format: 'esm', platform: 'node', jsx: 'automatic', loader: { '.css': 'empty' }, logLevel: 'silent',
      tsconfig: join(ROOT, 'tsconfig.json'),
    });
    const packages = externalPackages(result.metafile!);
    expectProductionPackages(packages);
    // What the app is known to use, so an empty analysis cannot pass.
    expect(packages).toEqual(expect.arrayContaining(['next', 'react', '@auth0/nextjs-auth0', 'auth0', 'scimmy', '@xmldom/xmldom', 'zod', 'jose']));
    // Nothing of the local tenant is part of the app.
    expect(Object.keys(result.metafile!.inputs).filter((f) => relative(ROOT, join(ROOT, f)).startsWith('auth0-local/'))).toEqual([]);
  });

  it('what only the local tenant and the tests use is a devDependency', () => {
    for (const name of ['oidc-provider', 'koa', '@koa/router', 'openid-client', '@node-saml/node-saml', 'tsx']) {
      expect(pkg.devDependencies[name], name).toBeDefined();
      expect(pkg.dependencies[name], name).toBeUndefined();
    }
  });
});
