import { createHash } from 'node:crypto';
import { runDemoSeed } from '../seeds/demo/index.js';
import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { plantConfidential, PlantedSecrets, sitePages } from './site-fixtures.js';

const auth = { authorization: `Bearer ${ADMIN_KEY}` };
const LANGUAGES = ['en', 'fr', 'es', 'ar'] as const;

/** The public site on the demo data plus planted confidential values, read as a browser would. */
describe('public site', () => {
  let t: TestApp;
  let planted: PlantedSecrets;
  let pages: Record<string, string>;

  beforeAll(async () => {
    t = await createTestApp();
    await runDemoSeed(t.app);
    planted = await plantConfidential(t);
    pages = await sitePages(t, planted);
  });
  afterAll(() => t.close());

  const get = (path: string, headers: Record<string, string> = {}) => {
    const req = t.http().get(path);
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    return req;
  };

  it('serves every page type in every language, in that language and direction, with the site’s CSP', async () => {
    for (const [name, path] of Object.entries(pages)) {
      for (const lang of LANGUAGES) {
        const res = await get(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        expect({ name, lang, status: res.status }).toEqual({ name, lang, status: 200 });
        expect(res.headers['content-type']).toMatch(/^text\/html/);
        expect(res.text).toMatch(
          new RegExp(`<html lang="${lang}" dir="${lang === 'ar' ? 'rtl' : 'ltr'}">`),
        );
        const csp = res.headers['content-security-policy'];
        expect(csp).toContain("default-src 'none'");
        expect(csp).toContain(name === 'embed' ? 'frame-ancestors *' : "frame-ancestors 'none'");
        // Nothing is loaded from another host: every script, style and image is this origin's.
        expect(res.text).not.toMatch(/<(script|img|iframe)[^>]+src="(https?:)?\/\//);
        expect(res.text).not.toMatch(/<link[^>]+rel="stylesheet"[^>]+href="(https?:)?\/\//);
      }
    }
  });

  it('shows the demo cases, a case with its incident and monitors, and a country profile', async () => {
    const list = await get('/cases?q=Ortega&lang=en').expect(200);
    expect(list.text).toContain('Gerardo Ortega');
    const ampatuan = await get('/cases?country=PH&yearFrom=2009&yearTo=2009&lang=fr').expect(200);
    expect(ampatuan.text).toContain('Philippines');
    const casePage = await get(`${pages.case}?lang=en`).expect(200);
    expect(casePage.text).toContain('Planted Person');
    expect(casePage.text).toContain('Status timeline');
    const arabic = await get(`${pages.country}?lang=ar`).expect(200);
    expect(arabic.text).toContain('الفلبين'); // the Philippines, in Arabic
    expect(Buffer.byteLength(casePage.text)).toBeLessThan(100 * 1024);
    expect(Buffer.byteLength(arabic.text)).toBeLessThan(100 * 1024);
  });

  it('never shows a confidential value, on any page, in any language, or in a download', async () => {
    const paths = [
      ...Object.values(pages),
      '/figures.csv?figure=killings&groupBy=country',
      '/embed/figures.svg?figure=unresolved_ratio&groupBy=country',
    ];
    for (const path of paths)
      for (const lang of LANGUAGES) {
        const res = await get(`${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
        const body = res.text ?? res.body.toString();
        for (const secret of planted.values)
          expect({ path, lang, leaked: body.includes(secret) }).toEqual({
            path,
            lang,
            leaked: false,
          });
      }
    // Confidential text is not searchable either (the query itself is echoed in the search box).
    for (const secret of planted.values) {
      const search = await get(`/cases?lang=en&q=${encodeURIComponent(secret)}`).expect(200);
      expect(search.text).toContain('No case matches these filters.');
    }
    // The state asked for its answer not to be published: the page says the answer exists, no more.
    const requests = await get(`/unesco-requests/${planted.cycleYear}?lang=en`).expect(200);
    expect(requests.text).toContain('Received');
    const casePage = await get(`${pages.case}?lang=en`).expect(200);
    expect(casePage.text).toContain('Withheld');
  });

  it('chooses the language from the lang parameter, then Accept-Language, then English', async () => {
    const lang = (res: { text: string }) => /<html lang="(\w+)"/.exec(res.text)![1];
    expect(lang(await get('/', { 'accept-language': 'fr-CH, fr;q=0.9, en;q=0.8' }))).toBe('fr');
    expect(lang(await get('/', { 'accept-language': 'de, es;q=0.5' }))).toBe('es');
    expect(lang(await get('/', { 'accept-language': 'de' }))).toBe('en');
    expect(lang(await get('/?lang=ar', { 'accept-language': 'fr' }))).toBe('ar');
    const switcher = await get('/cases?country=PH&lang=es');
    expect(switcher.text).toContain('href="/cases?country=PH&amp;lang=ar"');
    expect(switcher.headers.vary).toContain('Accept-Language');
  });

  it('caches pages by dataset revision: 304 while it stands, a new ETag after a write', async () => {
    const first = await get(`${pages.case}?lang=fr`).expect(200);
    const etag = first.headers.etag;
    expect(etag).toMatch(/^"p\d+-/);
    await get(`${pages.case}?lang=fr`, { 'if-none-match': etag }).expect(304);
    await t
      .http()
      .put(`/api/v1/incidents/${planted.incidentId}/description-language`)
      .set(auth)
      .send({ language: 'en' })
      .expect(200);
    const after = await get(`${pages.case}?lang=fr`, { 'if-none-match': etag }).expect(200);
    expect(after.headers.etag).not.toBe(etag);
  });

  it('adds translations of a description through REST and GraphQL, shown beside the original', async () => {
    await t
      .http()
      .put(`/api/v1/incidents/${planted.incidentId}/description-language`)
      .set(auth)
      .send({ language: 'en' })
      .expect(200);
    await t
      .http()
      .put(`/api/v1/incidents/${planted.incidentId}/translations/fr`)
      .set(auth)
      .send({ description: 'Un journaliste a été tué devant son domicile.' })
      .expect(200);
    const gql = await t.graphql(
      `mutation($input: TranslateDescriptionInput!) { translateDescription(input: $input) { language description } }`,
      {
        input: {
          incidentId: planted.incidentId,
          language: 'es',
          description: 'Un periodista fue asesinado frente a su casa.',
        },
      },
      ADMIN_KEY,
    );
    expect(gql.body.data.translateDescription).toEqual({
      language: 'es',
      description: 'Un periodista fue asesinado frente a su casa.',
    });
    // Anonymous callers may read translations but not write them; bad input names the field.
    await t
      .http()
      .put(`/api/v1/incidents/${planted.incidentId}/translations/de`)
      .send({ description: 'x' })
      .expect(401);
    const bad = await t
      .http()
      .put(`/api/v1/incidents/${planted.incidentId}/translations/english`)
      .set(auth)
      .send({ description: 'x' })
      .expect(400);
    expect(bad.body.details[0].field).toBe('language');
    const same = await t
      .http()
      .put(`/api/v1/incidents/${planted.incidentId}/translations/en`)
      .set(auth)
      .send({ description: 'x' })
      .expect(400);
    expect(same.body.details[0].field).toBe('language');
    const texts = await t
      .http()
      .get(`/api/v1/incidents/${planted.incidentId}/translations`)
      .expect(200);
    expect(texts.body.language).toBe('en');
    expect(texts.body.translations.map((x: { language: string }) => x.language)).toEqual([
      'es',
      'fr',
    ]);

    const french = await get(`${pages.case}?lang=fr`).expect(200);
    expect(french.text).toMatch(
      /<blockquote lang="fr">[^]*Un journaliste a été tué devant son domicile\./,
    );
    expect(french.text).toMatch(
      /<blockquote lang="en">[^]*A journalist was killed outside his home\./,
    );
    const english = await get(`${pages.case}?lang=en`).expect(200);
    expect(english.text).not.toContain('Un journaliste');
  });

  it('shows on a country profile the figures published for that country, each beside the live figure of the same scope', async () => {
    const record = (body: Record<string, unknown>) =>
      t.http().post('/api/v1/statistics/published-figures').set(auth).send(body).expect(201);
    await record({
      figure: 'killings',
      source: 'Press Monitor yearly count',
      value: 41,
      unit: 'count',
      country: 'PH',
      yearFrom: 2009,
      yearTo: 2009,
      publishedOn: '2010-01-15',
      url: 'https://example.org/ph-2009',
    });
    await record({
      figure: 'unresolved_ratio',
      source: 'Regional office ratio',
      value: 0.93,
      unit: 'ratio',
      country: 'PH',
      scheme: 'unesco',
      yearFrom: 2006,
      yearTo: 2023,
      publishedOn: '2024-11-02',
    });
    await record({
      figure: 'killings',
      source: 'Mexico only count',
      value: 12,
      unit: 'count',
      country: 'MX',
      publishedOn: '2024-11-02',
    });
    const live = async (path: string, query: Record<string, string | number>) =>
      (await t.http().get(`/api/v1/statistics/${path}`).query(query).expect(200)).body
        .value as number;
    const killings = await live('killings', { country: 'PH', yearFrom: 2009, yearTo: 2009 });
    const ratio = await live('unresolved-ratio', { country: 'PH', yearFrom: 2006, yearTo: 2023 });
    expect(killings).toBeGreaterThan(0);

    const page = (await get('/countries/PH?lang=en').expect(200)).text;
    const section = /<section aria-labelledby="s-published">([^]*?)<\/section>/.exec(page)![1];
    const rows = section.split('<tr>').slice(2);
    expect(rows).toHaveLength(2);
    const [first, second] = rows;
    expect(first).toContain(
      '<a href="https://example.org/ph-2009" rel="noreferrer">Press Monitor yearly count</a>',
    );
    expect(first).toContain('January 15, 2010');
    expect(first).toContain('<td>2009</td>');
    expect(first).toContain('<td>41</td>');
    expect(first).toContain(
      `<a href="/figures?figure=killings&amp;country=PH&amp;yearFrom=2009&amp;yearTo=2009&amp;lang=en">${killings}</a>`,
    );
    expect(second).toContain('Regional office ratio');
    expect(second).toContain('<td>93%</td>');
    const percent = new Intl.NumberFormat('en', { style: 'percent', maximumFractionDigits: 1 });
    expect(second).toContain(`>${percent.format(ratio)}</a>`);
    expect(page).not.toContain('Mexico only count');
    const french = (await get('/countries/PH?lang=fr').expect(200)).text;
    expect(french).toContain('15 janvier 2010');
    const none = (await get('/countries/NG?lang=en').expect(200)).text;
    expect(none).toContain('No published figure is recorded for Nigeria.');
  });

  it('links the Atom feeds from the head and the page: all cases at home, the country’s on its profile, the same filters on the case list', async () => {
    const feedLinks = (html: string) => ({
      head: [
        ...html.matchAll(
          /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="([^"]+)">/g,
        ),
      ].map((m) => m[1]),
      visible: [...html.matchAll(/<a href="([^"]+)" type="application\/atom\+xml">/g)].map(
        (m) => m[1],
      ),
    });
    const home = feedLinks((await get('/?lang=es').expect(200)).text);
    expect(home.head).toEqual(['/feeds/cases.atom', '/feeds/status-changes.atom']);
    expect(home.visible).toEqual(home.head);
    const country = feedLinks((await get('/countries/PH?lang=ar').expect(200)).text);
    expect(country.head).toEqual([
      '/feeds/cases.atom?country=PH',
      '/feeds/status-changes.atom?country=PH',
    ]);
    expect(country.visible).toEqual(country.head);
    const list = await get(
      '/cases?country=PH&yearFrom=2009&attackType=killing&limit=5&lang=fr',
    ).expect(200);
    const cases = feedLinks(list.text);
    expect(cases.head).toEqual([
      '/feeds/cases.atom?country=PH&amp;yearFrom=2009&amp;attackType=killing',
      '/feeds/status-changes.atom?country=PH&amp;yearFrom=2009&amp;attackType=killing',
    ]);
    expect(cases.visible).toEqual(cases.head);
    // The linked feed holds the cases the list shows (its first page).
    const feed = await get(cases.head[0].replace(/&amp;/g, '&')).expect(200);
    expect(feed.headers['content-type']).toMatch(/^application\/atom\+xml/);
    const listed = [...list.text.matchAll(/<a href="\/cases\/([0-9a-f-]{36})\?lang=fr">/g)].map(
      (m) => m[1],
    );
    expect(listed.length).toBeGreaterThan(0);
    for (const id of listed) expect(feed.text).toContain(`/cases/${id}`);
    // Pages without a feed of their own link none.
    expect(feedLinks((await get('/about/methods').expect(200)).text).head).toEqual([]);
  });

  it('cites a figure from the builder: a page with the frozen numbers, how to verify them, and metadata', async () => {
    const posted = await t
      .http()
      .post('/figures/cite')
      .type('form')
      .send({ figure: 'killings', groupBy: 'year', lang: 'fr' })
      .expect(303);
    const location = posted.headers.location as string;
    expect(location).toMatch(/^\/c\/[0-9a-f]{64}\?lang=fr$/);
    const id = location.slice(3, 67);
    const page = await get(location).expect(200);
    expect(page.text).toContain('<meta name="citation_title"');
    expect(page.text).toContain('<meta property="og:title"');
    const jsonLd = JSON.parse(
      /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(page.text)![1],
    );
    expect(jsonLd).toMatchObject({ '@type': 'Dataset', identifier: id });
    // The canonical content printed on the page hashes to the id.
    const canonical = /<pre class="code"[^>]*>(.*?)<\/pre>/s
      .exec(page.text)![1]
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
    expect(createHash('sha256').update(canonical).digest('hex')).toBe(id);
    // The permanent API URL opens the same page in a browser, and stays JSON for programs.
    const html = await get(`/api/v1/citations/${id}`, {
      accept: 'text/html,application/xhtml+xml,*/*;q=0.8',
    }).expect(200);
    expect(html.headers['content-type']).toMatch(/^text\/html/);
    expect(html.text).toContain(id);
    const json = await get(`/api/v1/citations/${id}`).expect(200);
    expect(json.body.id).toBe(id);
    await get('/c/0000000000000000000000000000000000000000000000000000000000000000').expect(404);
  });

  it('serves embeds that any site may frame, and the chart as SVG and PNG', async () => {
    const embed = await get('/embed/figures?figure=killings&groupBy=year').expect(200);
    expect(embed.headers['x-frame-options']).toBeUndefined();
    expect(embed.text).toContain('<svg role="img" aria-label="');
    const page = await get('/figures?figure=killings&groupBy=year').expect(200);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.text).toContain('&lt;iframe src=&quot;http');
    const svg = await get('/embed/figures.svg?figure=killings&groupBy=year&lang=ar').expect(200);
    expect(svg.headers['content-type']).toMatch(/^image\/svg\+xml/);
    expect(svg.text ?? svg.body.toString()).toMatch(/^<svg /);
    const png = await get('/embed/figures.png?figure=impunity_share')
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(png.headers['content-type']).toBe('image/png');
    expect((png.body as Buffer).subarray(1, 4).toString()).toBe('PNG');
    const csv = await get('/figures.csv?figure=killings&groupBy=year').expect(200);
    expect(csv.text.split('\n')[0]).toBe('year,value,numerator,denominator,unknown');
  });

  it('answers bad input with a page naming the field, and unknown records with a 404 page', async () => {
    const bad = await get('/cases?yearFrom=abc&lang=en').expect(400);
    expect(bad.text).toContain('<code>yearFrom</code>');
    await get('/figures?figure=nonsense').expect(400);
    await get('/cases/00000000-0000-4000-8000-000000000000').expect(404);
    await get('/cases/not-a-uuid').expect(404);
    await get('/countries/ZZ').expect(404);
    await get('/unesco-requests/1999').expect(404);
  });
});
