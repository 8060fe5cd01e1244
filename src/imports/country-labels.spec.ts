import { resolveCountryLabel } from './country-labels.js';
import { countryNames } from './formats/cpj-common.js';

describe('resolveCountryLabel', () => {
  it.each([
    ['Mexico', 'MX'],
    ['Russia', 'RU'],
    ['Syria', 'SY'],
    ['USA', 'US'],
    ['UK', 'GB'],
    ['Bosnia', 'BA'],
    ['Ivory Coast', 'CI'],
    ['Republic of Congo', 'CG'],
    ['Democratic Republic of the Congo', 'CD'],
    ['Iraqi', 'IQ'],
    ['Philippine', 'PH'],
    ['Palestinian', 'PS'],
    ['  syria ', 'SY'],
    ['Côte d’Ivoire', 'CI'],
    ['American', 'US'],
    ['Indian', 'IN'],
    ['French', 'FR'],
    ['Norwegian', 'NO'],
    ['Nepali', 'NP'],
    ['Congo, Rep.', 'CG'],
    ['Korea, Rep.', 'KR'],
    ['Hong Kong SAR, China', 'HK'],
    ['Northern Ireland', 'GB'],
    ['Chechnya', 'RU'],
    ['Gaza', 'PS'],
    ['Palestinian Territories', 'PS'],
    ['Zaire', 'CD'],
    ['Congo, Democratic Republic of', 'CD'],
  ])('maps %j to %s', (label, code) => {
    expect(resolveCountryLabel(label)).toEqual({ kind: 'country', code });
  });

  it('names Serbia and Montenegro and Yugoslavia as given (their dates: countries/country-history)', () => {
    expect(resolveCountryLabel('Serbia and Montenegro')).toEqual({ kind: 'country', code: 'CS' });
    expect(resolveCountryLabel('Yugoslavia')).toEqual({ kind: 'country', code: 'YU' });
  });

  it('does not guess CPJ’s combined Israel/Palestine label unless the place settles it', () => {
    const label = 'Israel and the Occupied Palestinian Territory';
    expect(resolveCountryLabel(label)).toMatchObject({
      kind: 'ambiguous',
      candidates: ['IL', 'PS'],
    });
    expect(resolveCountryLabel(label, { place: 'Jerusalem' })).toMatchObject({ kind: 'ambiguous' });
    expect(resolveCountryLabel(label, { place: 'Gaza City' })).toEqual({
      kind: 'country',
      code: 'PS',
    });
    expect(resolveCountryLabel(label, { place: 'Tel Aviv' })).toEqual({
      kind: 'country',
      code: 'IL',
    });
  });

  it('leaves a name that two states share undecided', () => {
    expect(resolveCountryLabel('Congolese')).toMatchObject({
      kind: 'ambiguous',
      candidates: ['CD', 'CG'],
    });
    expect(resolveCountryLabel('Dominican')).toMatchObject({
      kind: 'ambiguous',
      candidates: ['DM', 'DO'],
    });
  });

  it('knows a stateless nationality and an unknown label apart', () => {
    expect(resolveCountryLabel('Stateless')).toEqual({ kind: 'none' });
    expect(resolveCountryLabel('Atlantis')).toEqual({ kind: 'unknown' });
  });
});

describe('countryNames', () => {
  it.each([
    ['USA, UK', ['USA', 'UK']],
    ['Congo, Rep.', ['Congo, Rep.']],
    ['Korea, Rep., Congo, Dem. Rep.', ['Korea, Rep.', 'Congo, Dem. Rep.']],
    ['Hong Kong SAR, China, UK', ['Hong Kong SAR, China', 'UK']],
    [' Mexico ,, Atlantis', ['Mexico', 'Atlantis']],
    ['', []],
  ])('splits %j into %j', (cell, names) => {
    expect(countryNames(cell)).toEqual(names);
  });
});
