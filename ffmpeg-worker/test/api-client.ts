import { readFile, readdir } from "node:fs/promises";
import { request } from "node:http";
import path from "node:path";
import { apiErrorSchema, jobListResponseSchema, jobResponseSchema } from "@chorus/protocol";
import type { Job, JobStatus } from "../src/jobs.ts";
import { waitFor } from "./helpers.ts";

/** Every answer must match the API's schemas in @chorus/protocol, which the web app parses answers with. */
async function answer(
  response: Response,
): Promise<{ status: number; job?: Job; error?: { code: string; message: string } }> {
  const body: unknown = await response.json();
  return { status: response.status, ...(response.ok ? jobResponseSchema.parse(body) : apiErrorSchema.parse(body)) };
}

/** A small client for the worker's API, as a browser would use it. */
export class ApiClient {
  constructor(readonly url: string) {}

  async upload(
    body: Uint8Array | string,
    filename: string,
  ): Promise<{ status: number; job?: Job; error?: { code: string; message: string } }> {
    const response = await fetch(`${this.url}/jobs?filename=${encodeURIComponent(filename)}`, {
      method: "POST",
      body: typeof body === "string" ? Buffer.from(body) : body,
    });
    return answer(response);
  }

  async uploadFile(file: string, filename = path.basename(file)): Promise<Job> {
    const result = await this.upload(await readFile(file), filename);
    if (result.status !== 201 || !result.job)
      throw new Error(`upload answered ${result.status}: ${JSON.stringify(result)}`);
    return result.job;
  }

  async get(id: string): Promise<{ status: number; job?: Job; error?: { code: string; message: string } }> {
    const response = await fetch(`${this.url}/jobs/${id}`);
    return answer(response);
  }

  async list(): Promise<Job[]> {
    return jobListResponseSchema.parse(await (await fetch(`${this.url}/jobs`)).json()).jobs;
  }

  async details(
    id: string,
    body: unknown,
  ): Promise<{ status: number; job?: Job; error?: { code: string; message: string } }> {
    const response = await fetch(`${this.url}/jobs/${id}/details`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    return answer(response);
  }

  async cancel(id: string): Promise<{ status: number; job?: Job }> {
    const response = await fetch(`${this.url}/jobs/${id}`, { method: "DELETE" });
    return answer(response);
  }

  /** Polls the job until `predicate` holds. */
  async waitForJob(id: string, predicate: (job: Job) => boolean, what: string, timeoutMs = 60_000): Promise<Job> {
    return waitFor(
      async () => {
        const { job } = await this.get(id);
        return job && predicate(job) ? job : undefined;
      },
      { timeoutMs, what: `job ${id} ${what}` },
    );
  }

  waitForStatus(id: string, statuses: JobStatus[], timeoutMs = 60_000): Promise<Job> {
    return this.waitForJob(id, (job) => statuses.includes(job.status), `to be ${statuses.join("/")}`, timeoutMs);
  }
}

/** A raw request, for what fetch will not send (no Content-Length, a body cut short) or cannot read (413 mid-upload). */
export function rawRequest(
  url: string,
  options: {
    method: string;
    headers: Record<string, string | number>;
    body?: Buffer;
    endBody?: boolean;
    destroyAfterBody?: boolean;
  },
): Promise<{ status: number; body: string } | { aborted: true }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method, headers: options.headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      res.on("error", reject);
    });
    req.on("error", (error) => (options.destroyAfterBody ? resolve({ aborted: true }) : reject(error)));
    req.on("close", () => {
      if (options.destroyAfterBody) resolve({ aborted: true });
    });
    if (options.body) req.write(options.body);
    if (options.destroyAfterBody) setImmediate(() => req.destroy());
    else if (options.endBody ?? true) req.end();
  });
}

/** Job ids with files in the worker's work dir. */
export async function workEntries(dataDir: string): Promise<string[]> {
  return (await readdir(path.join(dataDir, "work")).catch(() => [] as string[])).sort();
}
