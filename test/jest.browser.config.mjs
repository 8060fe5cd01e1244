import base from './jest.config.mjs';

/** The site in Debian's Chromium (puppeteer-core): `npm run test:browser`. */
export default {
  ...base,
  testMatch: ['<rootDir>/test/browser/**/*.browser-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 600_000,
  maxWorkers: 1,
};
