import { mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AxePuppeteer } from '@axe-core/puppeteer';
import type { Browser, Page } from 'puppeteer-core';
import { runDemoSeed } from '../../seeds/demo/index.js';
import { createTestApp, TestApp } from '../app-factory.js';
import { plantConfidential, PlantedSecrets, sitePages } from '../site-fixtures.js';
import { launchChromium } from './chromium.js';

const LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;
/** SITE_PAGES=home,case runs those page types only (while working on them). */
const ONLY = process.env.SITE_PAGES?.split(',');
/** Screenshots are test artefacts, kept out of git (see .gitignore). */
const SCREENSHOTS = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'test-artifacts',
  'screenshots',
);
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** What a page shows from the seeded data, whatever the language (names and numbers). */
const EXPECTED: Record<string, (p: PlantedSecrets) => string> = {
  home: () => 'svg',
  cases: () => 'Planted Person',
  case: () => 'Planted Person',
  country: () => 'Planted Person',
  figures: () => 'svg',
  citation: () => 'SHA-256',
  requests: () => '2023',
  embed: () => 'svg',
  methods: () => 'unresolved_ratio',
};

describe('public site in Chromium', () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let planted: PlantedSecrets;
  let pages: Record<string, string>;

  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    t = await createTestApp();
    await runDemoSeed(t.app);
    planted = await plantConfidential(t);
    pages = Object.fromEntries(
      Object.entries(await sitePages(t, planted)).filter(([name]) => !ONLY || ONLY.includes(name)),
    );
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    base = (await t.app.getUrl()).replace('[::1]', '127.0.0.1');
    ({ browser, close: closeBrowser } = await launchChromium());
  });
  afterAll(async () => {
    await closeBrowser?.();
    await t?.close();
  });

  /** Opens a page, noting console errors, failed requests and requests to any other origin. */
  async function visit(page: Page, url: string) {
    const problems: string[] = [];
    const origin = new URL(base).origin;
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${String(e)}`));
    page.on('requestfailed', (r) => problems.push(`failed: ${r.url()}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(origin) && !r.url().startsWith('data:'))
        problems.push(`other host: ${r.url()}`);
    });
    const response = await page.goto(url, { waitUntil: 'load' });
    return { status: response?.status(), problems };
  }

  it('loads every page type in every language without console errors, with its content, and passes axe (WCAG 2.2 AA)', async () => {
    const failures: string[] = [];
    for (const [name, pathname] of Object.entries(pages)) {
      for (const lang of LANGUAGES) {
        const page = await browser.newPage();
        try {
          const url = `${base}${pathname}${pathname.includes('?') ? '&' : '?'}lang=${lang}`;
          const { status, problems } = await visit(page, url);
          if (status !== 200) failures.push(`${name}/${lang}: status ${status}`);
          failures.push(...problems.map((p) => `${name}/${lang}: ${p}`));
          const html = await page.content();
          const expected = EXPECTED[name](planted);
          if (!html.includes(expected)) failures.push(`${name}/${lang}: does not show ${expected}`);
          if (planted.values.some((secret) => html.includes(secret)))
            failures.push(`${name}/${lang}: shows a confidential value`);
          const axe = await new AxePuppeteer(page as never).withTags(WCAG_22_AA).analyze();
          for (const v of axe.violations)
            failures.push(
              `${name}/${lang}: axe ${v.id} (${v.impact}): ${v.nodes
                .slice(0, 3)
                .map((n) => n.target.join(' '))
                .join(', ')}`,
            );
          await page.screenshot({
            path: path.join(SCREENSHOTS, `${name}-${lang}.png`),
            fullPage: true,
          });
        } finally {
          await page.close();
        }
      }
    }
    if (failures.length) console.warn(failures.join('\n'));
    expect(failures).toEqual([]);
  });

  it('works with JavaScript disabled: every page reads, the case search filters, the citation form posts', async () => {
    const failures: string[] = [];
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    try {
      for (const [name, pathname] of Object.entries(pages))
        for (const lang of LANGUAGES) {
          const url = `${base}${pathname}${pathname.includes('?') ? '&' : '?'}lang=${lang}`;
          const response = await page.goto(url, { waitUntil: 'load' });
          const h1 = await page.$eval('h1', (e) => e.textContent ?? '').catch(() => '');
          // A page the browser holds is revalidated (304) and shown from its cache.
          if (![200, 304].includes(response?.status() ?? 0) || !h1.trim())
            failures.push(`${name}/${lang}: status ${response?.status()}, h1 "${h1}"`);
        }
      // The search form is a GET form: filling it in and submitting works without script.
      await page.goto(`${base}/cases?lang=en`);
      await page.type('#f-q', 'Ortega');
      await Promise.all([page.waitForNavigation(), page.click('.filters button[type=submit]')]);
      if (!page.url().includes('q=Ortega') || !(await page.content()).includes('Gerardo Ortega'))
        failures.push(`search: ${page.url()}`);
      // "Cite this figure" posts a form and lands on the citation page.
      await page.goto(`${base}/figures?figure=killings&groupBy=year&lang=fr`);
      await Promise.all([
        page.waitForNavigation(),
        page.click('#s-cite ~ p + form button, section[aria-labelledby="s-cite"] form button'),
      ]);
      if (!/\/c\/[0-9a-f]{64}\?lang=fr$/.test(page.url())) failures.push(`cite: ${page.url()}`);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'citation-no-js.png'), fullPage: true });
    } finally {
      await page.close();
    }
    expect(failures).toEqual([]);
  });

  it('renders the embed inside an iframe on another origin', async () => {
    const embedUrl = `${base}/embed/figures?figure=killings&groupBy=year&lang=es`;
    const host: Server = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(
        `<!doctype html><html lang="en"><title>Newsroom</title><h1>Article</h1><iframe id="chart" title="chart" src="${embedUrl}" width="720" height="480"></iframe>`,
      );
    });
    await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
    const page = await browser.newPage();
    try {
      // Another port is another origin.
      await page.goto(`http://localhost:${(host.address() as AddressInfo).port}/`, {
        waitUntil: 'load',
      });
      const frame = await (await page.waitForSelector('#chart'))!.contentFrame();
      await frame!.waitForSelector('svg[role="img"]', { timeout: 10_000 });
      expect(await frame!.$eval('h1', (e) => e.textContent)).toContain('Asesinatos');
      await page.screenshot({ path: path.join(SCREENSHOTS, 'embed-in-iframe.png') });
      // The figure builder itself refuses to be framed.
      const framed = await page.evaluate(`(async () => {
        const iframe = document.createElement('iframe');
        iframe.src = ${JSON.stringify(`${base}/figures`)};
        document.body.append(iframe);
        await new Promise((r) => setTimeout(r, 1500));
        try {
          return iframe.contentDocument?.querySelector('h1')?.textContent ?? null;
        } catch {
          return null;
        }
      })()`);
      expect(framed).toBeNull();
    } finally {
      await page.close();
      await new Promise((resolve) => host.close(resolve));
    }
  });
});
