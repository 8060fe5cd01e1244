import type { ApolloServerPlugin } from '@apollo/server';
import { RETRY_AFTER_SECONDS } from './database-unavailable.js';

/**
 * GraphQL's side of "the database is down": an operation with a SERVICE_UNAVAILABLE error carries
 * Retry-After, and one that produced no data at all answers with HTTP 503, as REST does.
 */
export const graphqlUnavailablePlugin: ApolloServerPlugin = {
  requestDidStart: () =>
    Promise.resolve({
      willSendResponse: ({ response }) => {
        if (response.body.kind !== 'single') return Promise.resolve();
        const { errors, data } = response.body.singleResult;
        if (!errors?.some((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE'))
          return Promise.resolve();
        response.http.headers.set('retry-after', String(RETRY_AFTER_SECONDS));
        if (data === null || data === undefined) response.http.status = 503;
        return Promise.resolve();
      },
    }),
};
