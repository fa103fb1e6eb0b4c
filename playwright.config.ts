import { defineConfig } from '@playwright/test';
import { APEX, APP_PORT, DATA_DIR, appEnv } from './e2e/support/env';

// Debian's Chromium (no browser download). These flags keep it off the (closed) network.
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  use: {
    baseURL: APEX,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'node --conditions=react-server --import tsx scripts/serve.ts',
    url: `http://localhost:${APP_PORT}/api/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    env: { ...appEnv(process.env.E2E_DATABASE_URL), SERVE_APP_PORT: String(APP_PORT), SERVE_DATA_DIR: DATA_DIR },
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
