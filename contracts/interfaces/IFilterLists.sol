// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

/// @title IFilterLists
/// @notice Shared filter lists: anyone publishes a list of things to hide, each with a reason, and anyone reports a
/// target to a list's maintainer, who accepts (the target becomes an entry) or dismisses the report. A list hides
/// nothing by itself: a viewer's browser hides what the lists it subscribes to name, for that viewer only, and can
/// always show it anyway. Nothing here removes anything for everyone, and there is no owner or admin.
/// @dev A *target* is a `(TargetKind kind, bytes32 subject)` pair; the subject's encoding depends on the kind (see
/// {TargetKind}). Ids are not checked against the contracts that issue them (Videos, Channels, Comments): the lists
/// stay independent of those contracts, and an id that names nothing hides nothing.
///
/// Maintainer. Each list has one maintainer, its creator at first; it can be handed over in two steps
/// ({offerList}, then {acceptList} by the new maintainer), so a typo never loses a list. Several people maintain a list
/// together by making a multisig or a contract its maintainer.
///
/// Reports. A report is a public request signed by its reporter's transaction. To contain spam, a reporter has at
/// most one open report per list and target, and a target already on the list cannot be reported to it; beyond that,
/// every report costs its reporter a transaction, and the maintainer's interface filters reports (e.g. by reporters
/// with a verified handle) since all of them are public. A report is resolved once: accepted (its target is listed,
/// with the maintainer's reason) or dismissed.
///
/// Everything the indexer needs is in the events: lists (created, edited, handed over), entries (added with their
/// reason, removed) and reports (made, resolved) rebuild from events alone.
interface IFilterLists {
    /// @notice What a target is, and how its `subject` is encoded.
    enum FilterTargetKind {
        /// A video published through Videos: its video id as a uint256 (non-zero).
        Video,
        /// A channel release: the id of the Channels video proposal that released it, as a uint256 (non-zero).
        Release,
        /// A comment: its id in the Comments contract, as a uint256 (non-zero).
        Comment,
        /// Everything an author posts: the address in the low 20 bytes, the high 12 bytes zero (non-zero address).
        Author,
        /// Everything a channel releases: its Channels channel id, as a uint256 (non-zero).
        Channel,
        /// A word or tag: 1 to 32 bytes of UTF-8 left-aligned, zero-padded on the right, with no zero byte inside, no
        /// ASCII upper-case letter, space or control character (the web lower-cases text before matching it).
        Word
    }

    /// @notice Where a report stands. `Open` is the only non-terminal status.
    enum ReportStatus {
        /// Waiting for the maintainer.
        Open,
        /// Accepted: its target is on the list.
        Accepted,
        /// Dismissed by the maintainer.
        Dismissed
    }

    /// @notice A report as stored.
    struct ReportView {
        uint256 listId;
        address reporter;
        FilterTargetKind kind;
        ReportStatus status;
        bytes32 subject;
    }

    /// @notice Emitted when `maintainer` creates list `listId`.
    /// @param listId The list's id: 1 for the first list, then consecutive.
    /// @param maintainer The creator, who maintains the list.
    /// @param name The list's name, shown to viewers ("No spoilers").
    /// @param description What the list hides and why.
    event ListCreated(uint256 indexed listId, address indexed maintainer, string name, string description);

    /// @notice Emitted when the maintainer renames or redescribes a list.
    event ListEdited(uint256 indexed listId, string name, string description);

    /// @notice Emitted when the maintainer offers the list to `to` (the zero address withdraws the offer).
    event MaintainerOffered(uint256 indexed listId, address indexed from, address indexed to);

    /// @notice Emitted when `to` accepts a list offered to it and becomes its maintainer.
    event MaintainerChanged(uint256 indexed listId, address indexed from, address indexed to);

    /// @notice Emitted when a target is added to a list, directly or by accepting a report.
    /// @param reportId The accepted report that added it, or 0 when the maintainer added it directly.
    /// @param reason Why it is hidden, shown to viewers ("hidden by your list … (reason: …)").
    event EntryAdded(
        uint256 indexed listId, FilterTargetKind kind, bytes32 indexed subject, string reason, uint256 indexed reportId
    );

    /// @notice Emitted when the maintainer removes a target from a list.
    event EntryRemoved(uint256 indexed listId, FilterTargetKind kind, bytes32 indexed subject);

    /// @notice Emitted when `reporter` reports a target to a list's maintainer.
    /// @param reportId The report's id: 1 for the first report (over all lists), then consecutive.
    event Reported(
        uint256 indexed reportId,
        uint256 indexed listId,
        address indexed reporter,
        FilterTargetKind kind,
        bytes32 subject,
        string reason
    );

    /// @notice Emitted when the maintainer resolves a report. An accepted report whose target was not yet listed is
    /// followed by {EntryAdded} with the same reason and this report's id.
    /// @param maintainer The maintainer who decided.
    /// @param reason The maintainer's reason: the entry's reason when accepted, an optional note when dismissed.
    event ReportResolved(
        uint256 indexed reportId, uint256 indexed listId, address indexed maintainer, bool accepted, string reason
    );

    /// @notice Thrown when a list id has never been created.
    error FilterListsUnknownList(uint256 listId);

    /// @notice Thrown when a report id has never been made.
    error FilterListsUnknownReport(uint256 reportId);

    /// @notice Thrown when someone other than the list's maintainer changes it or resolves a report to it.
    error FilterListsNotMaintainer(uint256 listId, address caller);

    /// @notice Thrown when someone accepts a list that was not offered to them.
    error FilterListsNotOffered(uint256 listId, address caller);

    /// @notice Thrown when a list is offered to its own maintainer.
    error FilterListsOfferedToMaintainer(uint256 listId);

    /// @notice Thrown when a list's name is empty or longer than {MAX_NAME_BYTES}.
    error FilterListsBadName(uint256 length, uint256 maxLength);

    /// @notice Thrown when a list's description is longer than {MAX_DESCRIPTION_BYTES}.
    error FilterListsDescriptionTooLong(uint256 length, uint256 maxLength);

    /// @notice Thrown when a reason is empty where one is required (an entry, a report) or longer than
    /// {MAX_REASON_BYTES}.
    error FilterListsBadReason(uint256 length, uint256 maxLength);

    /// @notice Thrown when a subject is not a valid encoding for its kind (see {FilterTargetKind}).
    error FilterListsBadSubject(FilterTargetKind kind, bytes32 subject);

    /// @notice Thrown when adding (or reporting) a target that is already on the list.
    error FilterListsAlreadyListed(uint256 listId, FilterTargetKind kind, bytes32 subject);

    /// @notice Thrown when removing a target that is not on the list.
    error FilterListsNotListed(uint256 listId, FilterTargetKind kind, bytes32 subject);

    /// @notice Thrown when a reporter already has an open report of this target to this list.
    error FilterListsReportAlreadyOpen(uint256 reportId);

    /// @notice Thrown when resolving a report that was already resolved.
    error FilterListsReportResolved(uint256 reportId, ReportStatus status);

    /// @notice Creates a list maintained by the caller.
    /// @dev Requirements: `name` is 1 to {MAX_NAME_BYTES} bytes ({FilterListsBadName}); `description` at most
    /// {MAX_DESCRIPTION_BYTES} ({FilterListsDescriptionTooLong}). Names need not be unique: the web shows the
    /// maintainer beside the name.
    /// @return listId The new list's id.
    function createList(string calldata name, string calldata description) external returns (uint256 listId);

    /// @notice Renames or redescribes a list (maintainer only; same limits as {createList}).
    function editList(uint256 listId, string calldata name, string calldata description) external;

    /// @notice Offers the list to `to`, who becomes its maintainer by calling {acceptList}; `address(0)` withdraws an
    /// offer. A new offer replaces the previous one. Maintainer only.
    function offerList(uint256 listId, address to) external;

    /// @notice Accepts a list offered to the caller: the caller becomes its maintainer and the offer is cleared.
    function acceptList(uint256 listId) external;

    /// @notice Adds a target to a list with a reason (maintainer only).
    /// @dev Requirements: a valid subject for `kind` ({FilterListsBadSubject}); `reason` 1 to {MAX_REASON_BYTES}
    /// bytes ({FilterListsBadReason}); not already listed ({FilterListsAlreadyListed}: to change a reason, remove
    /// and add again).
    function addEntry(uint256 listId, FilterTargetKind kind, bytes32 subject, string calldata reason) external;

    /// @notice Removes a target from a list (maintainer only; {FilterListsNotListed} if it is not on it).
    function removeEntry(uint256 listId, FilterTargetKind kind, bytes32 subject) external;

    /// @notice Reports a target to a list's maintainer, with a reason. Anyone may report.
    /// @dev Requirements: a valid subject ({FilterListsBadSubject}); `reason` 1 to {MAX_REASON_BYTES} bytes; the
    /// target is not on the list ({FilterListsAlreadyListed}); the caller has no open report of it to this list
    /// ({FilterListsReportAlreadyOpen}).
    /// @return reportId The new report's id.
    function report(uint256 listId, FilterTargetKind kind, bytes32 subject, string calldata reason)
        external
        returns (uint256 reportId);

    /// @notice Resolves an open report (the list's maintainer only). Accepting lists its target with `reason` (1 to
    /// {MAX_REASON_BYTES} bytes) unless it is listed already (then the report is accepted and nothing else changes);
    /// dismissing takes an optional `reason` (0 to {MAX_REASON_BYTES} bytes).
    /// @dev Reverts with {FilterListsReportResolved} for a report already resolved: a report resolves once.
    function resolveReport(uint256 reportId, bool accept, string calldata reason) external;

    /// @notice The number of lists created; ids run from 1 to this number.
    function listCount() external view returns (uint256);

    /// @notice The list's maintainer. Reverts with {FilterListsUnknownList} for an unknown id.
    function maintainerOf(uint256 listId) external view returns (address);

    /// @notice The account the list is offered to, or the zero address. Reverts for an unknown id.
    function offeredTo(uint256 listId) external view returns (address);

    /// @notice How many targets the list names now. Reverts for an unknown id.
    function entryCount(uint256 listId) external view returns (uint256);

    /// @notice Whether the target is on the list now. Reverts for an unknown id.
    function isListed(uint256 listId, FilterTargetKind kind, bytes32 subject) external view returns (bool);

    /// @notice The number of reports made; ids run from 1 to this number.
    function reportCount() external view returns (uint256);

    /// @notice A report. Reverts with {FilterListsUnknownReport} for an unknown id.
    function getReport(uint256 reportId) external view returns (ReportView memory);

    /// @notice The reporter's open report of the target to the list, or 0 if there is none.
    function openReportOf(uint256 listId, address reporter, FilterTargetKind kind, bytes32 subject)
        external
        view
        returns (uint256);
}
