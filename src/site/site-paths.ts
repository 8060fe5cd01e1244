/** The API's prefix as a path (the API itself sets it in app.setup.ts as API_PREFIX). */
export const API_PREFIX_PATH = '/api/v1';
