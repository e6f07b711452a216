/**
 * Process entry: `npm -w ipfs-node start`.
 *
 * Configuration from the environment (see .env.example). Prints exactly one
 * line to stdout when ready — `ipfs-node ready rpc=<url> gateway=<url>` —
 * and logs everything else to stderr in the services' one format
 * (@chorus/protocol/log). Stops cleanly on SIGINT/SIGTERM.
 */
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { DEFAULT_CACHE_QUOTA_BYTES, DEFAULT_GATEWAY_PORT, DEFAULT_GATEWAY_TIMEOUT_MS, DEFAULT_RPC_PORT, startIpfsNode, type IpfsNode } from './index.ts'
import { createLogger, lineLogger } from '@chorus/protocol/log'
import { errorMessage } from './ipfs-path.ts'

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')

const logger = createLogger('ipfs-node')
const log = lineLogger(logger)

function intFromEnv (name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`)
  }
  return value
}

const BYTE_UNITS: Record<string, number> = {
  b: 1, kb: 1e3, mb: 1e6, gb: 1e9, tb: 1e12, kib: 1024, mib: 1024 ** 2, gib: 1024 ** 3, tib: 1024 ** 4
}

/** A size in bytes: `10737418240`, `10GiB`, `500MB`, `1.5 GiB` (units are case-insensitive). */
function bytesFromEnv (name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(raw)
  const unitName = m?.[2] === undefined || m[2] === '' ? 'b' : m[2].toLowerCase()
  const unit = BYTE_UNITS[unitName]
  const value = m === null || unit === undefined ? NaN : Math.floor(Number(m[1]) * unit)
  if (!Number.isSafeInteger(value)) {
    throw new Error(`${name} must be a size in bytes, optionally with a unit (e.g. 10737418240, 10GiB, 500MB), got "${raw}"`)
  }
  return value
}

async function main (): Promise<void> {
  // `npm -w ipfs-node start` runs in the workspace folder: resolve a relative
  // IPFS_DATA_DIR from where npm was invoked (INIT_CWD), as the user expects
  const configuredDir = process.env.IPFS_DATA_DIR?.trim() ?? ''
  const dataDir = configuredDir !== ''
    ? resolve(process.env.INIT_CWD ?? process.cwd(), configuredDir)
    : resolve(REPO_ROOT, '.chorus', 'ipfs')
  const rpcPort = intFromEnv('IPFS_RPC_PORT', DEFAULT_RPC_PORT, 0, 65535)
  const gatewayPort = intFromEnv('IPFS_GATEWAY_PORT', DEFAULT_GATEWAY_PORT, 0, 65535)
  const swarmPort = intFromEnv('IPFS_SWARM_PORT', 4001, 0, 65535)
  const gatewayTimeoutMs = intFromEnv('IPFS_GATEWAY_TIMEOUT_MS', DEFAULT_GATEWAY_TIMEOUT_MS, 1, 3_600_000)
  const cacheQuotaBytes = bytesFromEnv('IPFS_CACHE_QUOTA_BYTES', DEFAULT_CACHE_QUOTA_BYTES)

  let node: IpfsNode | undefined
  let stopping = false
  const shutdown = (signal: NodeJS.Signals): void => {
    if (stopping) {
      log(`${signal} again, exiting now`)
      process.exit(1)
    }
    stopping = true
    log(`${signal}, stopping`)
    const done = node === undefined ? Promise.resolve() : node.stop()
    done.then(() => {
      log('stopped')
      process.exit(0)
    }, (err: unknown) => {
      logger('error', `error while stopping: ${errorMessage(err)}`)
      process.exit(1)
    })
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)

  const indexerUrl = process.env.IPFS_INDEXER_URL?.trim() ?? ''
  if (indexerUrl !== '' && !/^https?:\/\/[^/?#]+\/?$/.test(indexerUrl)) {
    throw new Error(`IPFS_INDEXER_URL must be an http(s) base URL like http://127.0.0.1:42069, got "${indexerUrl}"`)
  }
  const followSyncMs = intFromEnv('IPFS_FOLLOW_SYNC_MS', 60_000, 1_000, 86_400_000)
  node = await startIpfsNode({
    dataDir,
    rpcPort,
    gatewayPort,
    swarmPort,
    gatewayTimeoutMs,
    cacheQuotaBytes,
    ...(indexerUrl === '' ? {} : { indexerUrl, followSyncMs }),
    log
  })
  if (stopping) {
    // a signal arrived while starting
    await node.stop()
    process.exit(0)
  }
  process.stdout.write(`ipfs-node ready rpc=${node.rpcUrl} gateway=${node.gatewayUrl}\n`)
}

main().catch((err: unknown) => {
  logger('error', `failed to start: ${errorMessage(err)}`)
  process.exit(1)
})
