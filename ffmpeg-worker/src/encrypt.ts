import { createCipheriv, randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { keyUri, type ManifestAccess } from "@chorus/protocol";

/**
 * Paid and members-only videos (docs/paid-videos.md): after the ladder is made, every segment that starts at or after
 * `previewSeconds` is encrypted in place with HLS AES-128 (AES-128-CBC, PKCS#7, a random IV per segment written in
 * its own `#EXT-X-KEY`), and each rung's playlist names the key as `chorus-key:<keyId>` (no host: any instance
 * serves it). The segments before stay clear: the preview anyone plays.
 *
 * Why after the fact and not ffmpeg's `-hls_key_info_file`: ffmpeg encrypts every segment or none (no clear preview
 * from one run), and encrypting after costs nothing measurable — AES-128-CBC runs at several hundred MB/s in Node, a
 * few ms for the benchmark's 12.7 MB ladder — against a second ffmpeg run. The price: the segments cannot go to IPFS
 * while ffmpeg works (they would enter it in clear), so an encrypted job publishes them all at the end.
 */
export async function encryptLadder(
  outDir: string,
  playlists: readonly string[],
  previewSeconds: number,
): Promise<{ access: ManifestAccess; key: Uint8Array }> {
  const key = randomBytes(16);
  const keyId = randomBytes(16).toString("hex");
  const uri = keyUri(keyId);
  for (const playlist of playlists) {
    const file = path.join(outDir, playlist);
    const lines = (await readFile(file, "utf8")).split("\n");
    const out: string[] = [];
    let start = 0;
    let duration: number | undefined;
    let pendingInfIndex = -1;
    for (const line of lines) {
      const trimmed = line.trim();
      if (trimmed.startsWith("#EXTINF:")) {
        duration = Number.parseFloat(trimmed.slice("#EXTINF:".length));
        pendingInfIndex = out.length;
        out.push(line);
        continue;
      }
      if (trimmed && !trimmed.startsWith("#") && duration !== undefined) {
        // Rungs share keyframes, so every rung splits at the same segment; a 1 ms tolerance absorbs EXTINF rounding.
        if (start >= previewSeconds - 0.001) {
          const iv = randomBytes(16);
          const segment = path.join(path.dirname(file), trimmed);
          const cipher = createCipheriv("aes-128-cbc", key, iv);
          const clear = await readFile(segment);
          await writeFile(segment, Buffer.concat([cipher.update(clear), cipher.final()]));
          out.splice(pendingInfIndex, 0, `#EXT-X-KEY:METHOD=AES-128,URI="${uri}",IV=0x${iv.toString("hex")}`);
        }
        start += duration;
        duration = undefined;
      }
      out.push(line);
    }
    await writeFile(file, out.join("\n"));
  }
  return { access: { encrypted: true, keyId, previewSeconds }, key: new Uint8Array(key) };
}
