"use client";
import { useEffect, useRef, useState } from "react";
import { claimStoredUpload } from "./upload-state";

/**
 * Which account's upload the studio shows. Each account has its own (lib/upload-state.ts `uploadStorageKey`), so after
 * switching accounts the page shows that account's work, or none — never another account's submission. `generation`
 * changes when the studio must start afresh for another account (used as its React key). Work begun without a wallet
 * (`hasWork`, kept current by the studio) is claimed by the first account that connects, without starting afresh. A
 * wallet that disconnects or is still reconnecting leaves the work on screen.
 */
export function useUploadAccount(address: string | undefined) {
  const [view, setView] = useState(() => ({ account: address ?? null, generation: 0 }));
  const hasWork = useRef(false);
  useEffect(() => {
    if (!address || (view.account && view.account.toLowerCase() === address.toLowerCase())) return;
    if (view.account === null && hasWork.current) {
      claimStoredUpload(address);
      setView({ account: address, generation: view.generation });
    } else {
      hasWork.current = false;
      setView({ account: address, generation: view.generation + 1 });
    }
  }, [address, view]);
  return { account: view.account, generation: view.generation, hasWork };
}
