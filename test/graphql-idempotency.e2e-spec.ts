import { ADMIN_KEY, createTestApp, TestApp } from './app-factory.js';

/** GraphQL honours Idempotency-Key for an operation with one mutation, as REST does for POSTs. */

describe('Idempotency-Key in GraphQL', () => {
  let t: TestApp;
  const people = async () =>
    Number((await t.dataSource.query(`SELECT count(*) AS n FROM people`))[0].n);
  const send = (query: string, key: string, variables?: object) =>
    t
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .set('authorization', `Bearer ${ADMIN_KEY}`)
      .set('idempotency-key', key)
      .send({ query, variables });
  const CREATE = `mutation($name: String!) { createPerson(input: { fullName: $name }) { id fullName } }`;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('runs a mutation once per key and replays its answer', async () => {
    const before = await people();
    const first = await send(CREATE, 'gql-person-1', { name: 'Retried Person' });
    expect(first.body.errors).toBeUndefined();
    const again = await send(CREATE, 'gql-person-1', { name: 'Retried Person' });
    expect(again.body.errors).toBeUndefined();
    expect(again.body.data.createPerson).toEqual(first.body.data.createPerson);
    expect(await people()).toBe(before + 1);
    const other = await send(CREATE, 'gql-person-2', { name: 'Retried Person' });
    expect(other.body.data.createPerson.id).not.toBe(first.body.data.createPerson.id);
    expect(await people()).toBe(before + 2);
  });

  it('refuses the same key with another mutation, and several mutations under one key', async () => {
    await send(CREATE, 'gql-person-3', { name: 'First Body' }).expect(200);
    const before = await people();
    const reused = await send(CREATE, 'gql-person-3', { name: 'Other Body' });
    expect(reused.body.errors[0].extensions).toMatchObject({
      reason: 'idempotency_key_reused',
      details: [{ field: 'Idempotency-Key' }],
    });
    const two = await send(
      `mutation { a: createPerson(input: { fullName: "One" }) { id } b: createPerson(input: { fullName: "Two" }) { id } }`,
      'gql-person-4',
    );
    expect(two.body.data).toBeNull();
    expect(two.body.errors[0].extensions.details[0].field).toBe('Idempotency-Key');
    expect(two.body.errors[0].message).toMatch(/one mutation/);
    expect(await people()).toBe(before);
  });
});
