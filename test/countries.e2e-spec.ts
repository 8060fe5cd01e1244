import isoCountries from 'i18n-iso-countries';
import { createTestApp, TestApp } from './app-factory.js';

describe('countries and regions', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  describe('REST', () => {
    it('lists every ISO 3166-1 country plus Kosovo and the former states', async () => {
      const res = await t.http().get('/api/v1/countries').expect(200);
      const codes = res.body.data.map((c: { code: string }) => c.code);
      for (const code of Object.keys(isoCountries.getAlpha2Codes())) expect(codes).toContain(code);
      expect(codes).toEqual(expect.arrayContaining(['XK', 'PS', 'SS', 'SU', 'YU']));
      expect(res.body.total).toBe(codes.length);
      expect(codes).toEqual([...codes].sort());
    });

    it('gives each country its alpha-3, numeric code and UNESCO region', async () => {
      const res = await t.http().get('/api/v1/countries/ph').expect(200);
      expect(res.body).toMatchObject({
        code: 'PH',
        alpha3: 'PHL',
        numericCode: '608',
        name: 'Philippines',
        unescoRegion: { scheme: 'unesco', code: 'asia_pacific', name: 'Asia and the Pacific' },
      });
      const kosovo = await t.http().get('/api/v1/countries/XK').expect(200);
      expect(kosovo.body).toMatchObject({
        status: 'user_assigned',
        worldBankCode: 'XKX',
        unescoRegion: { code: 'europe_north_america' },
      });
      const southSudan = await t.http().get('/api/v1/countries/SS').expect(200);
      expect(southSudan.body.validFrom).toBe('2011-07-09');
    });

    it.each([
      ['PS', 'arab_states'],
      ['MX', 'latin_america_caribbean'],
      ['US', 'europe_north_america'],
      ['IL', 'europe_north_america'],
      ['ML', 'africa'],
      ['IQ', 'arab_states'],
      ['PK', 'asia_pacific'],
    ])('places %s in the UNESCO region %s', async (code, region) => {
      const res = await t.http().get(`/api/v1/countries/${code}`).expect(200);
      expect(res.body.unescoRegion.code).toBe(region);
    });

    it('filters by region, in the UNESCO scheme by default and in another on request', async () => {
      const arab = await t.http().get('/api/v1/countries?region=arab_states').expect(200);
      expect(arab.body.total).toBe(19);
      expect(
        arab.body.data.every(
          (c: { unescoRegion: { code: string } }) => c.unescoRegion.code === 'arab_states',
        ),
      ).toBe(true);
      const europe = await t
        .http()
        .get('/api/v1/countries?scheme=continent&region=europe')
        .expect(200);
      expect(europe.body.data.map((c: { code: string }) => c.code)).toEqual(
        expect.arrayContaining(['FR', 'RU', 'XK']),
      );
    });

    it('searches names without regard to case or accents, and matches codes exactly', async () => {
      const turkiye = await t.http().get('/api/v1/countries').query({ q: 'TURKIYE' }).expect(200);
      expect(turkiye.body.data.map((c: { code: string }) => c.code)).toEqual(['TR']);
      const sudan = await t.http().get('/api/v1/countries').query({ q: 'sudan' }).expect(200);
      expect(sudan.body.data.map((c: { code: string }) => c.code).sort()).toEqual(['SD', 'SS']);
      const byCode = await t.http().get('/api/v1/countries').query({ q: 'mex' }).expect(200);
      expect(byCode.body.data.map((c: { code: string }) => c.code)).toEqual(['MX']);
      const none = await t.http().get('/api/v1/countries').query({ q: '100%_' }).expect(200);
      expect(none.body.total).toBe(0);
    });

    it('lists regions with their number of countries', async () => {
      const res = await t.http().get('/api/v1/regions?scheme=unesco').expect(200);
      expect(res.body.data.map((r: { code: string }) => r.code).sort()).toEqual([
        'africa',
        'arab_states',
        'asia_pacific',
        'europe_north_america',
        'latin_america_caribbean',
      ]);
      for (const region of res.body.data) expect(region.countryCount).toBeGreaterThan(10);
      const all = await t.http().get('/api/v1/regions').expect(200);
      expect(new Set(all.body.data.map((r: { scheme: string }) => r.scheme))).toEqual(
        new Set(['unesco', 'continent']),
      );
    });

    it('answers an unknown code with 404 in the common error shape', async () => {
      const res = await t.http().get('/api/v1/countries/QQ').expect(404);
      expect(res.body).toEqual({
        statusCode: 404,
        error: 'Not Found',
        code: 'country_not_found',
        message: 'No country with the code QQ',
        details: [{ field: 'code', message: 'QQ is not a known country code' }],
      });
    });

    it.each([
      ['/api/v1/countries/PHL', 'code'],
      ['/api/v1/countries/1', 'code'],
      ['/api/v1/countries?region=Arab%20States', 'region'],
      ['/api/v1/countries?region=nowhere', 'region'],
      ['/api/v1/countries?scheme=cpj', 'scheme'],
      ['/api/v1/countries?colour=blue', 'colour'],
      ['/api/v1/countries?q=', 'q'],
      [`/api/v1/countries?q=${'x'.repeat(101)}`, 'q'],
      ['/api/v1/regions?scheme=BAD!', 'scheme'],
    ])('answers %s with 400 naming %s', async (url, field) => {
      const res = await t.http().get(url).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    });

    it('answers an unknown route with 404 in the common shape', async () => {
      const res = await t.http().get('/api/v1/nothing-here').expect(404);
      expect(res.body).toMatchObject({ statusCode: 404, error: 'Not Found', details: [] });
    });
  });

  describe('GraphQL', () => {
    it('answers countries, country and regions like REST', async () => {
      const res = await t.graphql(`{
        countries(filter: { region: "arab_states" }) { total data { code unescoRegion { code } } }
        country(code: "ps") { code alpha3 name regions { scheme code } }
        regions(filter: { scheme: "unesco" }) { code name countryCount }
      }`);
      expect(res.body.errors).toBeUndefined();
      const rest = await t.http().get('/api/v1/countries?region=arab_states');
      expect(res.body.data.countries.total).toBe(rest.body.total);
      expect(res.body.data.country).toEqual({
        code: 'PS',
        alpha3: 'PSE',
        name: 'State of Palestine',
        regions: [
          { scheme: 'continent', code: 'asia' },
          { scheme: 'unesco', code: 'arab_states' },
        ],
      });
      expect(res.body.data.regions).toHaveLength(5);
    });

    it('carries the common error shape in extensions', async () => {
      const missing = await t.graphql(`{ country(code: "QQ") { code } }`);
      expect(missing.body.errors[0]).toMatchObject({
        message: 'No country with the code QQ',
        extensions: {
          code: 'NOT_FOUND',
          statusCode: 404,
          details: [{ field: 'code', message: 'QQ is not a known country code' }],
        },
      });
      const malformed = await t.graphql(`{ country(code: "123") { code } }`);
      expect(malformed.body.errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        statusCode: 400,
        details: [{ field: 'code' }],
      });
      const unknownField = await t.graphql(`{ countries(filter: { colour: "blue" }) { total } }`);
      expect(unknownField.body.errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        statusCode: 400,
      });
      const badRegion = await t.graphql(`{ countries(filter: { region: "nowhere" }) { total } }`);
      expect(badRegion.body.errors[0].extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        details: [{ field: 'region' }],
      });
    });
  });
});
