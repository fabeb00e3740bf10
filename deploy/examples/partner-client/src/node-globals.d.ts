// The two Node globals this example uses, declared here so that the only dev dependencies are the generator, the
// runtime client and TypeScript (fetch, Request, Response, setTimeout and console come from lib "DOM", which Node 20
// implements). Swap this file for @types/node if the example grows.
declare const process: {
  readonly env: Record<string, string | undefined>;
  exitCode: number | undefined;
};
