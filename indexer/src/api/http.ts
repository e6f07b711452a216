// The one way a REST route is served: input validated by the route's schemas from @chorus/protocol, output typed by
// them, answers reused across identical requests at the same indexed block (response-cache.ts), and every error
// answered with one body, `{ error: { code, message } }`.
import {
  ERROR_CODES,
  indexerRoutes,
  type ApiError,
  type ErrorStatus,
  type IndexerRouteName,
  type RouteResponse,
} from "@chorus/protocol";
import type { Context, Hono } from "hono";
import type { z } from "zod";
import { cachedAnswer } from "./response-cache";

/** Thrown by a handler to answer an error; anything else thrown answers 500. */
export class HttpError extends Error {
  constructor(
    readonly status: ErrorStatus,
    message: string,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new HttpError(400, message);
export const notFound = (message: string) => new HttpError(404, message);

export function errorBody(status: ErrorStatus, message: string): ApiError {
  return { error: { code: ERROR_CODES[status], message } };
}

export const sendError = (c: Context, status: ErrorStatus, message: string) =>
  c.json(errorBody(status, message), status);

type Routes = typeof indexerRoutes;
type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
/** What a handler receives: the route's path and query parameters, parsed by its schemas. */
export type RouteInput<N extends IndexerRouteName> = {
  params: Parsed<Routes[N] extends { params: infer P } ? P : undefined>;
  query: Parsed<Routes[N] extends { query: infer Q } ? Q : undefined>;
};

/** Parses parameters with a schema; the first problem becomes a 400 that names the parameter: "limit must be …". */
function parseInput<S extends z.ZodObject>(schema: S, input: Record<string, string>): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw badRequest(`${issue.path.join(".")} ${issue.message}`);
}

/** Serves the route named `name` of `indexerRoutes` (GET) with `handler`, which answers the route's 200 body. */
export function serve<N extends IndexerRouteName>(
  app: Hono,
  name: N,
  handler: (input: RouteInput<N>) => Promise<RouteResponse<N>>,
) {
  const route: { path: string; params?: z.ZodObject; query?: z.ZodObject } = indexerRoutes[name];
  app.get(route.path.replace(/\{(\w+)\}/g, ":$1"), async (c) => {
    try {
      const input = {
        params: route.params ? parseInput(route.params, c.req.param()) : undefined,
        query: route.query ? parseInput(route.query, c.req.query()) : undefined,
      } as RouteInput<N>;
      const { body, hit } = await cachedAnswer(c.req.url, () => handler(input));
      return c.body(body, 200, { "Content-Type": "application/json", "X-Cache": hit ? "hit" : "miss" });
    } catch (error) {
      if (error instanceof HttpError) return sendError(c, error.status, error.message);
      console.error(`GET ${c.req.path} failed:`, error);
      return sendError(
        c,
        500,
        "The indexer failed to answer this request. Try again; if it keeps failing, see its log.",
      );
    }
  });
}
