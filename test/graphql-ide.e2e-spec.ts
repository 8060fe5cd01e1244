import { createTestApp, TestApp } from './app-factory.js';

/** The GraphQL IDE on GET /graphql: served whole by this server, so it works offline. */
describe('GraphQL IDE', () => {
  describe('on (GRAPHQL_IDE=true)', () => {
    let t: TestApp;
    beforeAll(async () => (t = await createTestApp({ GRAPHQL_IDE: 'true' })));
    afterAll(() => t.close());

    it('serves GraphiQL with its scripts inline and nothing from another site', async () => {
      const res = await t.http().get('/graphql').set('accept', 'text/html').expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain('<title>Impunity tracker · GraphQL</title>');
      expect(res.text).toContain('renderYogaGraphiQL');
      // Every script, style and image the page itself loads is inline or on this server (what
      // the inline scripts hold is code, not markup, so it is left out of the scan).
      const markup = res.text.replace(/<script>[\s\S]*?<\/script>/g, '<script></script>');
      const loaded = [...markup.matchAll(/<(?:script|link|img)\b[^>]*\b(?:src|href)="([^"]*)"/g)];
      expect(loaded.length).toBeGreaterThan(0);
      for (const [, url] of loaded) expect(url).toMatch(/^(?:data:|\/(?!\/))/);
      const csp = res.headers['content-security-policy'];
      expect(csp).toContain("script-src 'self' 'unsafe-inline'");
      expect(csp).toContain("worker-src 'self' blob:");
      expect(csp).not.toMatch(/https?:/);
    });

    it('still answers queries sent by GET and POST', async () => {
      await t
        .http()
        .get('/graphql')
        .query({ query: '{ regions { code } }' })
        .set('apollo-require-preflight', 'true')
        .expect(200);
      const res = await t.graphql('{ regions { code } }');
      expect(res.body.errors).toBeUndefined();
    });
  });

  describe('off (GRAPHQL_IDE=false, the default when NODE_ENV=production)', () => {
    let t: TestApp;
    beforeAll(async () => (t = await createTestApp({ GRAPHQL_IDE: 'false' })));
    afterAll(() => t.close());

    it('serves no page on GET /graphql', async () => {
      const res = await t.http().get('/graphql').set('accept', 'text/html');
      expect(res.text).not.toContain('renderYogaGraphiQL');
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    });
  });
});
