// The shape of a seeded bug for `npm run mutate` (scripts/mutate.ts). Each contract keeps its list beside this file,
// in `<Contract>.ts` exporting `mutants: Mutant[]`.

export interface Mutant {
  /** Unique and short, e.g. "escrow/release-always-reverts". */
  id: string;
  /** Contract source, relative to the repository root, e.g. "contracts/StorageEscrow.sol". */
  file: string;
  /** Exact text that occurs exactly once in the file (include enough context to make it unique). */
  find: string;
  /** What replaces it. The mutant must still compile. */
  replace: string;
  /** The kind of bug seeded. */
  kind: "revert-added" | "branch-inverted" | "line-dropped" | "off-by-one" | "wrong-value";
  /**
   * Moves money or counts votes: the invariant suites alone must kill it (unit tests killing it is not enough).
   * False for mutants that only the unit tests are expected to catch (input checks, events).
   */
  guarded: boolean;
  /** One sentence: what a user would lose if this bug shipped. */
  why: string;
}
