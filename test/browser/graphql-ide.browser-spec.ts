import type { Browser } from 'puppeteer-core';
import { createTestApp, TestApp } from '../app-factory.js';
import { launchChromium } from './chromium.js';

/** The GraphQL IDE in Chromium, with every request to another origin refused: it works offline. */
describe('GraphQL IDE in a browser without internet', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let closeBrowser: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    t = await createTestApp({ GRAPHQL_IDE: 'true' });
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    ({ browser, close: closeBrowser } = await launchChromium());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await t?.close();
  });

  it('opens, loads the schema from this server and runs its example query', async () => {
    const page = await browser.newPage();
    const elsewhere: string[] = [];
    const problems: string[] = [];
    await page.setRequestInterception(true);
    page.on('request', (r) => {
      const url = r.url();
      if (url.startsWith(base) || url.startsWith('data:') || url.startsWith('blob:'))
        void r.continue();
      else {
        elsewhere.push(url);
        void r.abort();
      }
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    await page.goto(`${base}/graphql`, { waitUntil: 'load' });
    await page.waitForSelector('.graphiql-container', { timeout: 60_000 });
    // The documentation explorer is built from introspection sent to this server.
    const run = await page.waitForSelector('.graphiql-execute-button', { timeout: 60_000 });
    await run!.click();
    await page.waitForFunction(
      () => document.querySelector('.result-window')?.textContent?.includes('"data"'),
      { timeout: 60_000 },
    );
    expect(elsewhere).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });
});
