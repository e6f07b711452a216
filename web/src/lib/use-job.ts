"use client";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useRef } from "react";
import { getJob, isTerminal, WorkerRequestError, type Job } from "./worker";

const jobKey = (workerUrl: string, jobId: string | null) => ["worker-job", workerUrl, jobId] as const;

/**
 * The worker's job, polled while it can still change: every 500 ms while it works, every 1.5 s while it waits for the
 * title (awaiting-details), not at all once it is published, failed or cancelled. A failed request is retried with
 * backoff (1 s, 2 s, 4 s, then every 5 s) and said in `contactError`; a 404 means the worker no longer has the job
 * (`lost`), and polling stops. Polls in background tabs too: the page's progress and its publish wait on it.
 * `setJob` puts a job the worker just returned (created, details accepted) in place at once.
 */
export function useJob(workerUrl: string, jobId: string | null) {
  const failures = useRef(0);
  const query = useQuery<Job, Error>({
    queryKey: jobKey(workerUrl, jobId),
    enabled: jobId !== null,
    queryFn: async ({ signal }) => {
      try {
        const job = await getJob(workerUrl, jobId!, signal);
        failures.current = 0;
        return job;
      } catch (error) {
        failures.current++;
        throw error;
      }
    },
    retry: false,
    refetchOnWindowFocus: false,
    refetchOnReconnect: false,
    refetchIntervalInBackground: true,
    refetchInterval: (q) => {
      const { data, error } = q.state;
      if (error) return isLost(error) ? false : Math.min(5000, 500 * 2 ** failures.current);
      if (!data) return 500;
      if (isTerminal(data.status)) return false;
      return data.status === "awaiting-details" ? 1500 : 500;
    },
  });
  const queryClient = useQueryClient();
  const setJob = useCallback(
    (job: Job) => queryClient.setQueryData(jobKey(workerUrl, job.id), job),
    [queryClient, workerUrl],
  );
  const error = query.error;
  const lost = error !== null && isLost(error);
  return {
    job: jobId === null ? null : (query.data ?? null),
    lost,
    contactError: error === null || lost ? null : contactProblem(error),
    setJob,
  };
}

const isLost = (error: Error) => error instanceof WorkerRequestError && error.status === 404;

function contactProblem(error: Error): string {
  return error instanceof WorkerRequestError && error.status === null
    ? "Lost contact with the transcoding worker — retrying…"
    : `The worker answered with an error — retrying… (${error.message || "unknown error"})`;
}
