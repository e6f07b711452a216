/**
 * The lock that keeps garbage collection from deleting blocks that are being
 * written or pinned (Kubo's GC lock / pin lock):
 *
 * - `shared`: uploads and pins hold it while they write blocks that are not
 *   pinned yet; any number at a time;
 * - `exclusive`: `repo/gc` holds it alone; once it waits, new shared holders
 *   queue behind it so that it cannot be starved;
 * - `whenIdle`: background work (quota eviction) runs alone too, but only when
 *   nothing else holds or waits for the lock, and never makes uploads wait.
 */

type Mode = "shared" | "exclusive" | "idle";

interface Waiter {
  mode: Mode;
  grant: () => void;
}

export class GcLock {
  #readers = 0;
  #writing = false;
  readonly #waiting: Waiter[] = [];

  async shared<T>(fn: () => Promise<T>): Promise<T> {
    return this.#run("shared", fn);
  }

  async exclusive<T>(fn: () => Promise<T>): Promise<T> {
    return this.#run("exclusive", fn);
  }

  async whenIdle<T>(fn: () => Promise<T>): Promise<T> {
    return this.#run("idle", fn);
  }

  async #run<T>(mode: Mode, fn: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.#waiting.push({ mode, grant: resolve });
      this.#pump();
    });
    try {
      return await fn();
    } finally {
      if (mode === "shared") this.#readers--;
      else this.#writing = false;
      this.#pump();
    }
  }

  #grant(waiter: Waiter): void {
    this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
    if (waiter.mode === "shared") this.#readers++;
    else this.#writing = true;
    waiter.grant();
  }

  #pump(): void {
    if (this.#writing) return;
    const firstExclusive = this.#waiting.findIndex((w) => w.mode === "exclusive");
    if (firstExclusive !== -1) {
      // shared holders that queued before the exclusive one go first, later ones wait
      for (const w of this.#waiting.slice(0, firstExclusive)) {
        if (w.mode === "shared") this.#grant(w);
      }
      if (this.#readers === 0)
        this.#grant(this.#waiting[this.#waiting.findIndex((w) => w.mode === "exclusive")] as Waiter);
      return;
    }
    for (const w of this.#waiting.filter((w) => w.mode === "shared")) this.#grant(w);
    const idle = this.#waiting.find((w) => w.mode === "idle");
    if (idle !== undefined && this.#readers === 0) this.#grant(idle);
  }
}
