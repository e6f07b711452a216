import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { z } from "zod";
import {
  filterReportsQuerySchema,
  indexerRoutes,
  openApiDocument,
  proposalsQuerySchema,
  routePath,
  storiesQuerySchema,
  videosQuerySchema,
  type RouteSpec,
} from "../src/index.ts";

describe("the indexer's REST API schemas", () => {
  it('reads query strings: defaults, coercion, and a message that completes "<parameter> …"', () => {
    assert.deepEqual(videosQuerySchema.parse({}), { limit: 24 });
    assert.deepEqual(videosQuerySchema.parse({ limit: "5", cursor: "12.3" }), { limit: 5, cursor: "12.3" });
    assert.deepEqual(proposalsQuerySchema.parse({}), { status: "all", limit: 24 });
    assert.deepEqual(filterReportsQuerySchema.parse({ status: "open" }), { status: "open", limit: 24 });
    assert.deepEqual(storiesQuerySchema.parse({}), { limit: 24, live: "0" });
    assert.deepEqual(storiesQuerySchema.parse({ live: "1" }), { limit: 24, live: "1" });
    assert.equal(storiesQuerySchema.safeParse({ live: "yes" }).error!.issues[0]!.message, "must be 1 or 0");
    for (const [input, message] of [
      [{ limit: "0" }, "limit must be an integer from 1 to 100"],
      [{ limit: "1.5" }, "limit must be an integer from 1 to 100"],
      [{ cursor: "next" }, "cursor must be a nextCursor from an earlier page"],
      [{ creator: "0x12" }, "creator must be an address (0x and 40 hex digits)"],
    ] as const) {
      const issue = videosQuerySchema.safeParse(input).error!.issues[0]!;
      assert.equal(`${issue.path.join(".")} ${issue.message}`, message);
    }
  });

  it("fills path parameters, encoded, and refuses a missing one", () => {
    assert.equal(routePath("/channels/{id}/proposals", { id: "3" }), "/channels/3/proposals");
    assert.equal(routePath("/videos/{id}", { id: "a/b" }), "/videos/a%2Fb");
    assert.throws(() => routePath("/videos/{id}"), /needs the path parameter id/);
  });

  it("generates an OpenAPI 3.1 document with every route, its parameters, and a named schema for each answer", () => {
    const document = openApiDocument();
    assert.equal(document.openapi, "3.1.0");
    const routes = Object.values(indexerRoutes) as RouteSpec[];
    assert.deepEqual(Object.keys(document.paths).sort(), routes.map((r) => r.path).sort());
    const listVideos = document.paths["/videos"]!.get as {
      parameters: { name: string; in: string }[];
      responses: Record<string, unknown>;
    };
    assert.deepEqual(
      listVideos.parameters.map((p) => `${p.in}:${p.name}`),
      [
        "query:cursor",
        "query:limit",
        "query:creator",
        "query:channel",
        "query:creators",
        "query:channels",
        "query:tags",
      ],
    );
    assert.deepEqual(Object.keys(listVideos.responses), ["200", "400", "500"]);
    for (const route of routes) {
      if (route.response === "text") continue;
      const id = z.globalRegistry.get(route.response)?.id;
      assert.ok(id && id in document.components.schemas, `${route.path} answers a named schema`);
    }
    // Every list route answers a page: `{ items, nextCursor }`.
    for (const [name, route] of Object.entries(indexerRoutes) as [string, RouteSpec][]) {
      if (!name.startsWith("list")) continue;
      const schema = document.components.schemas[z.globalRegistry.get(route.response as z.ZodType)!.id!] as {
        required: string[];
      };
      assert.deepEqual(schema.required, ["items", "nextCursor"], name);
      assert.ok(route.query?.shape.cursor && route.query.shape.limit, `${name} takes cursor and limit`);
    }
  });
});
