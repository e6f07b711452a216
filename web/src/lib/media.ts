/**
 * URLs of a video's files on the IPFS path gateway: `${gateway}/ipfs/${manifestCid}/${relativePath}`. The manifest is
 * data from the network, so its paths are checked: only plain relative paths inside the CID's directory are accepted.
 */

const CID_PATTERN = /^[a-zA-Z0-9]+$/; // base32/base58 CIDs: letters and digits only

export function isSafeRelativePath(path: string): boolean {
  if (!path || path.length > 512) return false;
  if (path.startsWith("/") || path.includes("\\") || /^[a-z][a-z0-9+.-]*:/i.test(path)) return false;
  if (/[?#\u0000-\u001f]/.test(path)) return false;
  return path.split("/").every((part) => part !== "" && part !== "." && part !== "..");
}

/** The gateway URL of a file in a video's directory, or null when the CID or path is not safe to put in a URL. */
export function gatewayUrl(gateway: string, manifestCid: string, relativePath: string): string | null {
  if (!CID_PATTERN.test(manifestCid) || !isSafeRelativePath(relativePath)) return null;
  const encoded = relativePath.split("/").map(encodeURIComponent).join("/");
  return `${gateway}/ipfs/${manifestCid}/${encoded}`;
}

/** The link to a transaction: the explorer's page when there is one, else null (the hash is shown on its own). */
export function explorerTxUrl(explorerUrl: string | null, txHash: string): string | null {
  if (!explorerUrl || !/^0x[0-9a-fA-F]{64}$/.test(txHash)) return null;
  return `${explorerUrl}/tx/${txHash}`;
}
