// The gateway benchmark's baseline (scripts/bench/gateway.ts): a plain static file server, node:http + fs streams, over
// the directory the worker wrote, at the same URLs as the gateway (`/ipfs/<anything>/<path>` → `<dir>/<path>`). Run as
// its own process (like the gateway) so that the load generator does not share its event loop; prints
// `static-server ready <url>` when listening. Usage: tsx scripts/bench/static-server.ts <dir>
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import path from "node:path";

const root = path.resolve(process.argv[2] ?? ".");
const TYPES: Record<string, string> = { ".m3u8": "application/vnd.apple.mpegurl", ".ts": "video/mp2t" };

const server = createServer((req, res) => {
  const pathname = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
  // /ipfs/<cid>/<path>: the CID is ignored, the rest is a file under the directory
  const rest = pathname.split("/").slice(3).join("/");
  const file = path.join(root, rest);
  if (!file.startsWith(root + path.sep)) {
    res.writeHead(404).end();
    return;
  }
  stat(file).then(
    (s) => {
      res.writeHead(200, {
        "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream",
        "Content-Length": s.size,
        "Access-Control-Allow-Origin": "*",
      });
      createReadStream(file).pipe(res);
    },
    () => res.writeHead(404).end(),
  );
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address() as { port: number };
  process.stdout.write(`static-server ready http://127.0.0.1:${address.port}\n`);
});
process.on("SIGTERM", () => {
  server.closeAllConnections();
  server.close(() => process.exit(0));
});
