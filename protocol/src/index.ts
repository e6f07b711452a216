export * from "./manifest.ts";
export * from "./channel.ts";
export * from "./job.ts";
export * from "./contracts.ts";
export * from "./api.ts";
export * from "./api-routes.ts";
export * from "./live.ts";
export * from "./chat.ts";
