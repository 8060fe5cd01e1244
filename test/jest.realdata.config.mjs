import base from './jest.config.mjs';

/** The real-data suite (npm run test:realdata): CPJ samples from ../shared/data, never copied here. */
export default {
  ...base,
  testMatch: ['<rootDir>/test/realdata/**/*.realdata-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/'],
  testTimeout: 300_000,
};
