import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

describe('error shape on routes that answer other media types', () => {
  let t: TestApp;
  beforeAll(async () => (t = await createTestApp()));
  afterAll(() => t.close());

  it('answers an unknown import job’s rejects (a CSV route) with the JSON error shape', async () => {
    const res = await t
      .http()
      .get('/api/v1/imports/00000000-0000-4000-8000-000000000000/rejects.csv')
      .set('authorization', `Bearer ${ADMIN_KEY}`)
      .expect(404);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.body).toMatchObject({
      statusCode: 404,
      error: 'Not Found',
      details: expect.any(Array),
    });
  });

  it('answers a bad export filter (a streamed CSV route) with the JSON error shape', async () => {
    const res = await t
      .http()
      .get('/api/v1/exports/cases.csv')
      .query({ country: 'QQ' })
      .expect(400);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.body.details.map((d: { field: string }) => d.field)).toContain('country');
  });
});
