// The GraphQL IDE served on GET /graphql from a browser: GraphiQL as built by GraphQL Yoga's
// render-graphiql, whose page carries its scripts, styles and editor workers inline, so it works
// without internet and loads nothing from any other site.
import type { ApolloServerPlugin } from '@apollo/server';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';

const EXAMPLE = `# Cases of one country with their current status. Ctrl-Enter runs the query.
{
  cases(first: 10, filter: { country: "PH" }) {
    data {
      id
      person { fullName }
      incident { dateStart place }
      status { status }
    }
  }
}
`;

/** Apollo's landing page for GET /graphql, rendered once when the server starts. */
export function offlineGraphqlIde(): ApolloServerPlugin {
  return {
    serverWillStart: () =>
      Promise.resolve({
        renderLandingPage: () =>
          Promise.resolve({
            html: renderGraphiQL({
              title: 'Impunity tracker · GraphQL',
              defaultQuery: EXAMPLE,
              // API keys typed into the headers editor stay in this tab only.
              shouldPersistHeaders: false,
            }),
          }),
      }),
  };
}
