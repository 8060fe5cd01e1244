import { holdsSplices, SplicedJson, writeAnswer } from './spliced-json.js';

describe('writeAnswer', () => {
  const value = {
    data: {
      page: {
        items: new SplicedJson('[{"id":"a","name":"Ana \\"A\\""},{"id":"b"}]'),
        total: 2,
        skipped: undefined,
        list: [1, undefined, 'two', null, { at: new Date(Date.UTC(2020, 0, 2)) }],
      },
      'odd "key"': true,
    },
    errors: [{ message: 'Line\nbreak', path: ['page', 0] }],
  };

  it('writes SplicedJson as its text and everything else as JSON.stringify does', () => {
    const data = { ...value.data };
    holdsSplices(data);
    const written = writeAnswer({ ...value, data });
    expect(written).toBe(`${JSON.stringify({ ...value, data })}\n`);
    expect(written).toContain('"items":[{"id":"a","name":"Ana \\"A\\""},{"id":"b"}]');
  });

  it('parses the text of an answer not marked as holding splices, so it reads the same', () => {
    const written = writeAnswer(value);
    expect(JSON.parse(written)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(JSON.parse(written).data.page.items).toEqual([
      { id: 'a', name: 'Ana "A"' },
      { id: 'b' },
    ]);
  });
});
