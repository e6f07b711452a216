/**
 * Fans gossipsub messages out to local subscribers (one per open
 * `pubsub/sub` request), subscribing the node to a topic while at least one
 * local subscriber wants it.
 */
import type { ChorusHelia } from "./helia.ts";
import type { Message } from "@libp2p/gossipsub";

type GossipSub = ChorusHelia["libp2p"]["services"]["pubsub"];

export type PubsubListener = (msg: Message) => void;

export class PubsubHub {
  readonly #pubsub: GossipSub;
  readonly #listeners = new Map<string, Set<PubsubListener>>();
  readonly #onMessage = (evt: CustomEvent<Message>): void => {
    const msg = evt.detail;
    const set = this.#listeners.get(msg.topic);
    if (set === undefined) return;
    for (const fn of [...set]) {
      try {
        fn(msg);
      } catch {
        /* a failing subscriber must not affect the others */
      }
    }
  };

  constructor(pubsub: GossipSub) {
    this.#pubsub = pubsub;
    this.#pubsub.addEventListener("message", this.#onMessage);
  }

  /** Starts delivering messages on `topic` to `fn`; returns the unsubscribe function. */
  subscribe(topic: string, fn: PubsubListener): () => void {
    let set = this.#listeners.get(topic);
    if (set === undefined) {
      set = new Set();
      this.#listeners.set(topic, set);
      this.#pubsub.subscribe(topic);
    }
    set.add(fn);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const current = this.#listeners.get(topic);
      if (current === undefined) return;
      current.delete(fn);
      if (current.size === 0) {
        this.#listeners.delete(topic);
        try {
          this.#pubsub.unsubscribe(topic);
        } catch {
          /* libp2p already stopped */
        }
      }
    };
  }

  async publish(topic: string, data: Uint8Array): Promise<void> {
    await this.#pubsub.publish(topic, data);
  }

  /** Topics this node is subscribed to. */
  topics(): string[] {
    return this.#pubsub.getTopics();
  }

  /** Peers subscribed to `topic` (or every pubsub peer). */
  peers(topic?: string): string[] {
    const ids = topic === undefined ? this.#pubsub.getPeers() : this.#pubsub.getSubscribers(topic);
    return ids.map((id) => id.toString());
  }

  close(): void {
    this.#pubsub.removeEventListener("message", this.#onMessage);
    this.#listeners.clear();
  }
}
