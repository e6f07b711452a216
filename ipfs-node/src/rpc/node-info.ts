/** `id`, `version`, `swarm/connect`, `swarm/peers`. */
import { multiaddr } from "@multiformats/multiaddr";
import { args, BadRequestError, RpcError } from "./params.ts";
import { sendJson, type Command } from "./context.ts";
import type { ChorusHelia } from "../helia.ts";

type PeerId = ChorusHelia["libp2p"]["peerId"];

/** What `version` reports (this is not Kubo: the Version says so). */
const NODE_VERSION = "0.0.0-chorus-helia";
const AGENT_VERSION = `chorus-ipfs-node/${NODE_VERSION}`;

/** Kubo's `PublicKey`: base64 of the protobuf-encoded public key. */
function publicKeyOf(peerId: PeerId): string {
  const mh = peerId.toMultihash();
  // Ed25519/secp256k1 peer IDs inline the protobuf public key in an identity multihash
  return mh.code === 0x00 ? Buffer.from(mh.digest).toString("base64") : "";
}

export const id: Command = async (deps, call) => {
  const libp2p = deps.helia.libp2p;
  const [arg] = args(call.query, "peerid", false);
  if (arg === undefined || arg === libp2p.peerId.toString()) {
    sendJson(call.res, {
      ID: libp2p.peerId.toString(),
      PublicKey: publicKeyOf(libp2p.peerId),
      Addresses: libp2p.getMultiaddrs().map(String),
      AgentVersion: AGENT_VERSION,
      Protocols: libp2p.getProtocols(),
    });
    return;
  }
  const peer = (await libp2p.peerStore.all()).find((p) => p.id.toString() === arg);
  if (peer === undefined)
    throw new RpcError(`peer ${arg} not found (this node has no DHT: only known peers can be looked up)`);
  const agent = peer.metadata.get("AgentVersion");
  sendJson(call.res, {
    ID: peer.id.toString(),
    PublicKey: publicKeyOf(peer.id),
    Addresses: peer.addresses.map((a) => a.multiaddr.toString()),
    AgentVersion: agent === undefined ? "" : new TextDecoder().decode(agent),
    Protocols: peer.protocols,
  });
};

export const version: Command = async (_deps, call) => {
  sendJson(call.res, {
    Version: NODE_VERSION,
    Commit: "",
    Repo: "helia",
    System: `${process.arch === "x64" ? "amd64" : process.arch}/${process.platform}`,
    Golang: `node-${process.version}`,
  });
};

export const swarmConnect: Command = async (deps, call) => {
  const out: string[] = [];
  for (const arg of args(call.query, "address")) {
    let addr;
    try {
      addr = multiaddr(arg);
    } catch (err) {
      throw new BadRequestError(`invalid multiaddr "${arg}": ${err instanceof Error ? err.message : String(err)}`);
    }
    const peer = addr.getComponents().findLast((c) => c.name === "p2p")?.value;
    if (peer === undefined) throw new BadRequestError(`invalid peer address "${arg}": it must end with /p2p/<peer id>`);
    try {
      await deps.helia.libp2p.dial(addr, { signal: call.signal });
    } catch (err) {
      throw new RpcError(`connect ${peer} failure: ${err instanceof Error ? err.message : String(err)}`);
    }
    out.push(`connect ${peer} success`);
  }
  sendJson(call.res, { Strings: out });
};

export const swarmPeers: Command = async (deps, call) => {
  sendJson(call.res, {
    Peers: deps.helia.libp2p.getConnections().map((c) => ({
      Addr: c.remoteAddr.decapsulateCode(421).toString(),
      Peer: c.remotePeer.toString(),
      Direction: c.direction === "inbound" ? 0 : 1,
      Streams: c.streams.map((s) => ({ Protocol: s.protocol ?? "" })),
    })),
  });
};
