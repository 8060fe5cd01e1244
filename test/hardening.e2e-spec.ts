import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';
import { bearer, createMemberKey, createOrganisation } from './members.js';

/** Security headers on every answer, and rate limits per caller (RATE_LIMIT_*). */
const errorShape = (statusCode: number) => ({
  statusCode,
  error: 'Too Many Requests',
  code: 'too_many_requests',
  message: expect.stringContaining('retry in'),
  details: [],
});

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('sends helmet’s headers and a strict content security policy with API answers', async () => {
    for (const res of [
      await t.http().get('/api/v1/regions').expect(200),
      await t.http().get('/api/v1/cases/not-a-uuid').expect(400),
      await t.http().get('/health'),
    ]) {
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'strict-transport-security': expect.stringContaining('max-age='),
        'referrer-policy': 'no-referrer',
      });
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self';");
      expect(csp).toContain("object-src 'none'");
    }
  });

  it('lets Swagger UI load: its scripts come from this server, its styles are inline', async () => {
    const page = await t.http().get('/docs/').redirects(1).expect(200);
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(page.text).not.toMatch(/<script>(?!\s*<\/script>)/);
    for (const script of page.text.matchAll(/<script src="([^"]+)"/g)) {
      const url = new URL(script[1], 'http://localhost/docs/');
      expect(url.host).toBe('localhost');
      await t.http().get(url.pathname).expect(200);
    }
  });

  it('gives the GraphQL IDE page a policy of its own that lets its inline start-up script run', async () => {
    const res = await t.http().get('/graphql').set('accept', 'text/html');
    expect(res.headers['content-security-policy']).toContain("script-src 'self' 'unsafe-inline'");
    const api = await t.http().get('/api/v1/regions');
    expect(api.headers['content-security-policy']).not.toContain("unsafe-inline'; script");
    expect(api.headers['content-security-policy']).toMatch(/script-src 'self';/);
  });
});

describe('rate limits', () => {
  let t: TestApp;
  beforeAll(
    async () =>
      (t = await createTestApp({
        RATE_LIMIT_WINDOW_SECONDS: '600',
        RATE_LIMIT_ANONYMOUS: '8',
        RATE_LIMIT_ANONYMOUS_WRITES: '2',
        RATE_LIMIT_KEY: '12',
        RATE_LIMIT_KEY_WRITES: '6',
        RATE_LIMIT_FAILED_KEYS: '3',
      })),
  );
  afterAll(() => t.close());

  it('counts anonymous reads per address, with RateLimit headers, then answers 429 with Retry-After', async () => {
    const first = await t.http().get('/api/v1/regions').expect(200);
    expect(first.headers['ratelimit-limit']).toBe('8');
    expect(first.headers['ratelimit-remaining']).toBe('7');
    expect(Number(first.headers['ratelimit-reset'])).toBeGreaterThan(0);
    for (let i = 0; i < 7; i++) await t.http().get('/api/v1/countries').expect(200);
    const refused = await t.http().get('/api/v1/regions').expect(429);
    expect(refused.body).toEqual(errorShape(429));
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.headers['ratelimit-remaining']).toBe('0');
    // Health checks and metrics are never limited.
    await t
      .http()
      .get('/health')
      .expect((res) => expect(res.status).not.toBe(429));
  });

  it('limits anonymous citations (writes) apart from reads, and more strictly', async () => {
    const cite = () => t.http().post('/api/v1/citations').send({ figure: 'killings', query: {} });
    expect((await cite()).status).toBe(201);
    expect((await cite()).status).toBe(201);
    const refused = await cite().expect(429);
    expect(refused.body).toEqual(errorShape(429));
    const gql = await t.graphql(
      'mutation { createCitation(input: { figure: "killings" }) { id } }',
    );
    expect(gql.status).toBe(429);
  });

  it('counts key holders per key, writes apart, and never as the address', async () => {
    const organisation = await createOrganisation(t, 'Rate Limited Network');
    const one = await createMemberKey(t, organisation, 'reviewer');
    const two = await createMemberKey(t, organisation, 'reviewer');
    // The address's anonymous budget is spent by now; keys have their own.
    for (let i = 0; i < 12; i++)
      await t.http().get('/api/v1/regions').set(bearer(one.key)).expect(200);
    const refused = await t.http().get('/api/v1/regions').set(bearer(one.key)).expect(429);
    expect(refused.body).toEqual(errorShape(429));
    await t.http().get('/api/v1/regions').set(bearer(two.key)).expect(200);
    const write = await t
      .http()
      .post('/api/v1/citations')
      .set(bearer(two.key))
      .send({ figure: 'killings', query: {} });
    expect(write.status).toBe(201);
    expect(write.headers['ratelimit-limit']).toBe('6');
  });

  it('refuses an address that keeps sending keys that fail, even with a new key each time', async () => {
    for (let i = 0; i < 3; i++)
      await t
        .http()
        .get('/api/v1/me')
        .set(bearer(`itk_0000000${i}_${'x'.repeat(43)}`))
        .expect(401);
    const refused = await t
      .http()
      .get('/api/v1/me')
      .set(bearer(`itk_00000009_${'y'.repeat(43)}`))
      .expect(429);
    expect(refused.body).toEqual(errorShape(429));
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    // A valid key from the same address still works.
    await t.http().get('/api/v1/me').set(bearer(ADMIN_KEY)).expect(200);
  });
});
