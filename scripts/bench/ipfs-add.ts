// 2. IPFS add throughput (kubo-rpc-client → the embedded node, KUBO_ADD_OPTIONS) against sha256 of the same bytes in
//    this process. Every repetition uses new random bytes, so no add finds its blocks already stored.
import { createHash, randomBytes } from "node:crypto";
import { KUBO_ADD_OPTIONS } from "@chorus/ipfs-node/cid-options";
import { create } from "kubo-rpc-client";
import { judge, type Result } from "./report.ts";
import { cpuSince, cpuSnapshot, formatMBps, log, median } from "./util.ts";

export interface IpfsAddBenchOptions {
  rpcUrl: string;
  bytes: number;
  repetitions: number;
}

export async function benchIpfsAdd({ rpcUrl, bytes, repetitions }: IpfsAddBenchOptions): Promise<Result> {
  const kubo = create({ url: rpcUrl });
  const hashRates: number[] = [];
  const addRates: number[] = [];
  const cids: string[] = [];
  const othersShare: number[] = [];
  const mib = bytes / 2 ** 20;

  for (let rep = 1; rep <= repetitions; rep++) {
    const data = randomBytes(bytes);
    const hashFirst = rep % 2 === 1;
    const cpu = cpuSnapshot();
    const hash = () => {
      const started = performance.now();
      createHash("sha256").update(data).digest();
      hashRates.push(bytes / ((performance.now() - started) / 1000));
    };
    const add = async () => {
      const started = performance.now();
      const { cid } = await kubo.add(data, { ...KUBO_ADD_OPTIONS });
      addRates.push(bytes / ((performance.now() - started) / 1000));
      cids.push(cid.toString());
      if (cid.version !== 1) throw new Error(`expected a CIDv1, got ${cid.toString()}`);
    };
    if (hashFirst) {
      hash();
      await add();
    } else {
      await add();
      hash();
    }
    othersShare.push(cpuSince(cpu).othersShare);
    log(
      `rep ${rep}/${repetitions}: ${mib} MiB sha256 ${formatMBps(hashRates.at(-1)!)}, IPFS add ${formatMBps(addRates.at(-1)!)}`,
    );
  }

  const hashMedian = median(hashRates);
  const addMedian = median(addRates);
  return judge({
    id: "ipfs-add-throughput",
    name: `IPFS add throughput (${mib} MiB random)`,
    baseline: { label: "sha256", value: hashMedian, unit: "B/s", statistic: "median", samples: hashRates },
    measured: { label: "IPFS add", value: addMedian, unit: "B/s", statistic: "median", samples: addRates },
    ratioDefinition: "add / sha256",
    ratio: addMedian / hashMedian,
    contention: median(othersShare),
    notes:
      "kubo-rpc-client add (multipart HTTP, KUBO_ADD_OPTIONS: CIDv1, raw leaves, 256 KiB chunks, pinned) to the embedded node running in this same process, vs node:crypto sha256 over the same buffer. MB = 10^6 bytes.",
    details: { bytes, repetitions, cids, addOptions: KUBO_ADD_OPTIONS },
  });
}
