import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where the browser tests put their screenshots (git-ignored). */
export const SCREENSHOT_DIR = fileURLToPath(new URL('../../test-output/dashboard/', import.meta.url));

/** Debian's Chromium (apt-get install chromium), or PRETIX_MOCK_CHROMIUM; playwright downloads nothing. */
export function chromiumPath(): string {
  const path = process.env.PRETIX_MOCK_CHROMIUM ?? ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
  if (!path) throw new Error('No Chromium: run apt-get install -y chromium (or set PRETIX_MOCK_CHROMIUM to its path)');
  return path;
}

export async function launchBrowser(): Promise<Browser> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({ executablePath: chromiumPath(), args: ['--no-sandbox', '--disable-gpu'], timeout: 30_000 });
}

/**
 * A page with a 5 s default timeout for every wait, that fails the test on a script error or a
 * request the page made outside the mock (it must need no network).
 */
export async function openPage(browser: Browser, origin: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  page.setDefaultTimeout(5_000);
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));
  page.on('request', (req) => {
    if (!req.url().startsWith(origin) && !req.url().startsWith('data:')) problems.push(`request outside the mock: ${req.url()}`);
  });
  return { page, problems };
}
