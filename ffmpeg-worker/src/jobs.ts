import { randomBytes } from "node:crypto";
import { mkdir, readFile, readdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { type Job, jobSchema } from "@chorus/protocol";
import type { Logger } from "@chorus/protocol/log";

/**
 * A job as the API returns it and as it is stored, one JSON file per job, in `<dataDir>/jobs/<id>.json`. Its shape,
 * states and errors are the API's, defined in @chorus/protocol (the web app parses answers with the same schema).
 */
export { isTerminal, type Job, type JobMedia, type JobStatus } from "@chorus/protocol";

/** A patch where `undefined` removes a field (etaSeconds once a stage ends, error on retry...). */
export type JobPatch = { [K in keyof Omit<Job, "id" | "createdAt" | "updatedAt">]?: Job[K] | undefined };

const JOB_ID_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** 72 random bits, URL-safe: unguessable enough for a local service, short enough to read in logs. */
export function newJobId(): string {
  return randomBytes(9).toString("base64url");
}

export function isValidJobId(id: string): boolean {
  return JOB_ID_PATTERN.test(id);
}

/**
 * Jobs in memory, each change written through to disk. Writes are atomic (temp file + rename, so a crash leaves
 * the old or the new file, never half of one) and coalesced per job (a burst of progress updates becomes at most
 * one write in flight and one queued, the queued one taking the newest state).
 */
export class JobStore {
  readonly #dir: string;
  readonly #log: Logger;
  readonly #jobs = new Map<string, Job>();
  readonly #writes = new Map<string, Promise<void>>();
  readonly #queued = new Set<string>();

  constructor(dir: string, log: Logger) {
    this.#dir = dir;
    this.#log = log;
  }

  /** Reads every stored job; removes temp files a crash left behind. */
  async load(): Promise<Job[]> {
    await mkdir(this.#dir, { recursive: true });
    for (const name of await readdir(this.#dir)) {
      const file = path.join(this.#dir, name);
      if (name.endsWith(".tmp")) {
        await rm(file, { force: true });
        continue;
      }
      if (!name.endsWith(".json") || !isValidJobId(name.slice(0, -5))) continue;
      try {
        const job = jobSchema.parse(JSON.parse(await readFile(file, "utf8")));
        if (job.id !== name.slice(0, -5)) throw new Error("not this file's job record");
        this.#jobs.set(job.id, job);
      } catch (error) {
        this.#log("warn", "ignoring unreadable job file", { file, error: String(error) });
      }
    }
    return this.list();
  }

  get(id: string): Job | undefined {
    return this.#jobs.get(id);
  }

  /** Newest first. */
  list(): Job[] {
    return [...this.#jobs.values()].sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  }

  create(job: Omit<Job, "createdAt" | "updatedAt">): Job {
    if (this.#jobs.has(job.id)) throw new Error(`Job ${job.id} exists`);
    const now = new Date().toISOString();
    const created: Job = { ...job, createdAt: now, updatedAt: now };
    this.#jobs.set(created.id, created);
    void this.#persist(created.id);
    return created;
  }

  update(id: string, patch: JobPatch): Job {
    const current = this.#jobs.get(id);
    if (!current) throw new Error(`No job ${id}`);
    const next = { ...current, ...patch, updatedAt: new Date().toISOString() } as Job & Record<string, unknown>;
    for (const [key, value] of Object.entries(patch)) if (value === undefined) delete next[key];
    this.#jobs.set(id, next);
    void this.#persist(id);
    return next;
  }

  remove(id: string): void {
    this.#jobs.delete(id);
    void this.#persist(id);
  }

  /** Resolves when every change so far is on disk. */
  async flush(): Promise<void> {
    await Promise.all(this.#writes.values());
  }

  #persist(id: string): Promise<void> {
    const pending = this.#writes.get(id);
    if (pending && this.#queued.has(id)) return pending;
    this.#queued.add(id);
    const next = (pending ?? Promise.resolve())
      .then(async () => {
        this.#queued.delete(id);
        const file = path.join(this.#dir, `${id}.json`);
        const job = this.#jobs.get(id);
        if (!job) {
          await rm(file, { force: true });
          return;
        }
        const temp = `${file}.${randomBytes(4).toString("hex")}.tmp`;
        await writeFile(temp, `${JSON.stringify(job, null, 2)}\n`);
        await rename(temp, file);
      })
      .catch((error: unknown) => this.#log("error", "could not save job", { jobId: id, error: String(error) }));
    this.#writes.set(id, next);
    void next.then(() => {
      if (this.#writes.get(id) === next) this.#writes.delete(id);
    });
    return next;
  }
}
