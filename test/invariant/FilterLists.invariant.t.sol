// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {IFilterLists} from "../../contracts/interfaces/IFilterLists.sol";
import {FilterLists} from "../../contracts/FilterLists.sol";

/// @dev Drives {FilterLists} with random calls from a fixed cast of five accounts over a fixed universe of targets (each
/// kind with three subjects), and keeps a reference model written from the rules in test/invariant/README.md, not
/// from the contract: each list's maintainer, offer and entries, each report's status, and each reporter's open
/// report per list and target. Before each call the model says whether it must succeed; a call whose outcome differs
/// is recorded and fails the run. Beside the model, the handler rebuilds the same state from the contract's events
/// alone, as the indexer does, so an event that is missing or says something else fails too.
contract FilterListsHandler is Test {
    FilterLists public lists;

    uint256 public constant ACTORS = 5;
    uint256 public constant KINDS = 6;
    uint256 public constant SUBJECTS = 3;
    uint256 public constant MAX_LISTS = 4;

    struct GhostReport {
        uint256 listId;
        address reporter;
        uint8 kind;
        uint8 subjectIndex;
        IFilterLists.ReportStatus status;
    }

    // The model.
    uint256 public ghostListCount;
    mapping(uint256 listId => address) public ghostMaintainer;
    mapping(uint256 listId => address) public ghostOffer;
    mapping(uint256 listId => uint256) public ghostEntryCount;
    mapping(uint256 listId => mapping(uint256 kind => mapping(uint256 subjectIndex => bool))) public ghostListed;
    /// @dev The report whose acceptance listed each target, or 0 when the maintainer added it directly.
    mapping(uint256 listId => mapping(uint256 kind => mapping(uint256 subjectIndex => uint256))) public ghostListedBy;
    uint256 public ghostReportCount;
    mapping(uint256 reportId => GhostReport) internal _report;
    mapping(bytes32 key => uint256 reportId) public ghostOpenReport;

    // The same state rebuilt from events alone.
    mapping(uint256 listId => address) public eventMaintainer;
    mapping(uint256 listId => address) public eventOffer;
    mapping(uint256 listId => uint256) public eventEntryCount;
    mapping(uint256 listId => mapping(bytes32 target => bool)) public eventListed;
    mapping(uint256 listId => mapping(bytes32 target => uint256)) public eventListedBy;
    uint256 public eventListCount;
    uint256 public eventReportCount;
    mapping(uint256 reportId => uint256) public eventResolutions;
    mapping(uint256 reportId => bool) public eventAccepted;
    mapping(uint256 reportId => bytes32) public eventReportTarget;

    uint256 public unexpectedOutcomes;
    string public firstUnexpected;
    mapping(bytes32 action => uint256) public calls;
    uint256 public actions;

    modifier action() {
        actions++;
        vm.recordLogs();
        _;
        _readEvents();
    }

    constructor(FilterLists lists_) {
        lists = lists_;
        // Two lists from the start, so that every other action has something to act on.
        vm.recordLogs();
        _createList(0);
        _createList(1);
        _readEvents();
    }

    function actor(uint256 index) public pure returns (address) {
        return address(uint160(0xF11E00 + index % ACTORS));
    }

    /// @dev The subject of a target in the universe: ids 1–3, the first three actors, the words "w0"–"w2".
    function subject(uint256 kind, uint256 subjectIndex) public pure returns (bytes32) {
        IFilterLists.FilterTargetKind k = IFilterLists.FilterTargetKind(kind);
        if (k == IFilterLists.FilterTargetKind.Author) return bytes32(uint256(uint160(actor(subjectIndex))));
        if (k == IFilterLists.FilterTargetKind.Word) return bytes32(bytes2(0x7730 + uint16(subjectIndex)));
        return bytes32(subjectIndex + 1);
    }

    function ghostReport(uint256 reportId) external view returns (GhostReport memory) {
        return _report[reportId];
    }

    function reportKey(uint256 listId, address reporter, uint256 kind, uint256 subjectIndex)
        public
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(listId, reporter, kind, subjectIndex));
    }

    // ─── Actions ─────────────────────────────────────────────────────────────────────────────────────────────────

    function createList(uint256 actorSeed) external action {
        if (ghostListCount < MAX_LISTS) _createList(actorSeed);
    }

    /// @dev A name of 0 to 70 bytes (valid from 1 to 64), whether or not a list may still be created: a bad name is
    /// refused.
    function createListNamed(uint256 actorSeed, uint256 nameLength) external action {
        // Half the time a length at an edge (0, 1, 64, 65), where off-by-ones hide.
        uint256 edge = nameLength % 8;
        nameLength = edge < 4 ? [uint256(0), 1, 64, 65][edge] : nameLength % 71;
        bool expected = nameLength != 0 && nameLength <= 64;
        if (expected && ghostListCount >= MAX_LISTS) return;
        address creator = actor(actorSeed);
        vm.prank(creator);
        try lists.createList(string(new bytes(nameLength)), "") returns (uint256 listId) {
            if (!_outcome(true, expected, "createList")) return;
            if (listId != ++ghostListCount) _unexpected("list ids are consecutive");
            ghostMaintainer[listId] = creator;
        } catch (bytes memory data) {
            _failed(expected, "createList", data);
        }
    }

    /// @dev The maintainer lists a word at the edge of the word rule (refused, or accepted and removed again, so the
    /// universe's state is untouched): the characters around the upper-case range, space, DEL, and a zero byte inside.
    function addEdgeWord(uint256 listSeed, uint256 wordSeed) external action {
        uint256 listId = _listId(listSeed);
        address maintainer = ghostMaintainer[listId];
        bytes1[8] memory chars = [bytes1("@"), "A", "Z", "[", "`", " ", 0x7f, "~"];
        bool[8] memory valid = [true, false, false, true, true, false, false, true];
        uint256 pick = wordSeed % 8;
        bytes32 word = bytes32(abi.encodePacked(bytes1("e"), chars[pick], bytes1("e")));
        bool expected = valid[pick];
        if (wordSeed / 8 % 4 == 0) (word, expected) = (bytes32(bytes3(0x650065)), false); // "e\0e": a zero inside
        IFilterLists.FilterTargetKind kind = IFilterLists.FilterTargetKind.Word;
        vm.prank(maintainer);
        try lists.addEntry(listId, kind, word, "edge") {
            if (!_outcome(true, expected, "addEntry")) return;
            vm.prank(maintainer);
            lists.removeEntry(listId, kind, word);
        } catch (bytes memory data) {
            _failed(expected, "addEntry", data);
        }
    }

    /// @dev A report to a list that does not exist: refused.
    function reportToUnknownList(uint256 actorSeed, uint256 targetSeed) external action {
        (uint256 kind, uint256 s) = _target(targetSeed);
        vm.prank(actor(actorSeed));
        try lists.report(ghostListCount + 1, IFilterLists.FilterTargetKind(kind), subject(kind, s), "lost") {
            _outcome(true, false, "report to an unknown list");
        } catch {}
    }

    /// @dev The maintainer or, when `byAnyone`, a random account edits a list (only the maintainer may).
    function editList(uint256 listSeed, uint256 actorSeed, bool byAnyone) external action {
        uint256 listId = _listId(listSeed);
        address caller = _caller(listId, actorSeed, byAnyone);
        vm.prank(caller);
        try lists.editList(listId, "renamed", "d") {
            _outcome(true, caller == ghostMaintainer[listId], "editList");
        } catch (bytes memory reason) {
            _failed(caller == ghostMaintainer[listId], "editList", reason);
        }
    }

    /// @dev An offer of a list to a random account (sometimes the zero address, which withdraws an offer, or the
    /// maintainer itself, which is refused), by the maintainer or anyone.
    function offerList(uint256 listSeed, uint256 actorSeed, uint256 toSeed, bool byAnyone) external action {
        uint256 listId = _listId(listSeed);
        address caller = _caller(listId, actorSeed, byAnyone);
        address to = toSeed % 6 == 0 ? address(0) : actor(toSeed);
        bool expected = caller == ghostMaintainer[listId] && to != caller;
        vm.prank(caller);
        try lists.offerList(listId, to) {
            if (_outcome(true, expected, "offerList")) ghostOffer[listId] = to;
        } catch (bytes memory reason) {
            _failed(expected, "offerList", reason);
        }
    }

    /// @dev The account a list is offered to (or, when `byAnyone`, a random account) accepts it.
    function acceptList(uint256 listSeed, uint256 actorSeed, bool byAnyone) external action {
        uint256 listId = _listId(listSeed);
        address offer = ghostOffer[listId];
        address caller = byAnyone || offer == address(0) ? actor(actorSeed) : offer;
        bool expected = offer != address(0) && caller == offer;
        vm.prank(caller);
        try lists.acceptList(listId) {
            if (_outcome(true, expected, "acceptList")) (ghostMaintainer[listId], ghostOffer[listId]) = (caller, address(0));
        } catch (bytes memory reason) {
            _failed(expected, "acceptList", reason);
        }
    }

    /// @dev The maintainer (or anyone) adds a target; one in eight with an invalid (zero) subject, one in eight with
    /// no reason.
    function addEntry(uint256 listSeed, uint256 actorSeed, uint256 targetSeed, bool byAnyone) external action {
        uint256 listId = _listId(listSeed);
        address caller = _caller(listId, actorSeed, byAnyone);
        (uint256 kind, uint256 s) = _target(targetSeed);
        uint256 dice = uint256(keccak256(abi.encode(targetSeed)));
        bool badSubject = dice % 8 == 0;
        string memory reason = dice / 8 % 8 == 0 ? "" : "because";
        bool expected = caller == ghostMaintainer[listId] && !badSubject && bytes(reason).length != 0
            && !ghostListed[listId][kind][s];
        vm.prank(caller);
        try lists.addEntry(listId, IFilterLists.FilterTargetKind(kind), badSubject ? bytes32(0) : subject(kind, s), reason) {
            if (_outcome(true, expected, "addEntry")) _list(listId, kind, s, 0);
        } catch (bytes memory data) {
            _failed(expected, "addEntry", data);
        }
    }

    /// @dev The maintainer (or anyone) removes a target, listed or not.
    function removeEntry(uint256 listSeed, uint256 actorSeed, uint256 targetSeed, bool byAnyone) external action {
        uint256 listId = _listId(listSeed);
        address caller = _caller(listId, actorSeed, byAnyone);
        (uint256 kind, uint256 s) = _target(targetSeed);
        bool expected = caller == ghostMaintainer[listId] && ghostListed[listId][kind][s];
        vm.prank(caller);
        try lists.removeEntry(listId, IFilterLists.FilterTargetKind(kind), subject(kind, s)) {
            if (_outcome(true, expected, "removeEntry")) {
                ghostListed[listId][kind][s] = false;
                ghostEntryCount[listId]--;
            }
        } catch (bytes memory data) {
            _failed(expected, "removeEntry", data);
        }
    }

    /// @dev A random account reports a random target (refused when listed, when the reporter has one open for it, or
    /// without a reason); half are answered at once (see below).
    function report(uint256 listSeed, uint256 actorSeed, uint256 targetSeed) external action {
        uint256 listId = _listId(listSeed);
        address reporter = actor(actorSeed);
        (uint256 kind, uint256 s) = _target(targetSeed);
        string memory reason = uint256(keccak256(abi.encode(targetSeed))) % 10 == 0 ? "" : "please";
        bytes32 key = reportKey(listId, reporter, kind, s);
        bool expected = !ghostListed[listId][kind][s] && ghostOpenReport[key] == 0 && bytes(reason).length != 0;
        vm.prank(reporter);
        try lists.report(listId, IFilterLists.FilterTargetKind(kind), subject(kind, s), reason) returns (uint256 id) {
            if (!_outcome(true, expected, "report")) return;
            if (id != ++ghostReportCount) _unexpected("report ids are consecutive");
            _report[id] = GhostReport(listId, reporter, uint8(kind), uint8(s), IFilterLists.ReportStatus.Open);
            ghostOpenReport[key] = id;
            // Half are answered at once: someone else tries first (refused), then the maintainer accepts or
            // dismisses, then tries again (refused: a report resolves once). The fuzzer alone reaches few reports.
            uint256 dice = uint256(keccak256(abi.encode(targetSeed, "resolve")));
            if (dice % 2 == 0) {
                address maintainer = ghostMaintainer[listId];
                address other = actor(dice >> 8);
                if (other != maintainer) _resolve(id, other, dice & 4 == 0);
                _resolve(id, maintainer, dice & 8 == 0);
                _resolve(id, maintainer, dice & 16 == 0);
            }
        } catch (bytes memory data) {
            _failed(expected, "report", data);
        }
    }

    /// @dev The list's maintainer (or anyone) resolves a report (the first open one from a random one on, or, when
    /// `anyReport`, any report, which may be resolved already): accept or dismiss.
    function resolveReport(uint256 reportSeed, uint256 actorSeed, bool accept, bool byAnyone, bool anyReport)
        external
        action
    {
        if (ghostReportCount == 0) return;
        uint256 reportId = bound(reportSeed, 1, ghostReportCount);
        for (uint256 i; !anyReport && i < ghostReportCount; ++i) {
            uint256 id = (reportSeed + i) % ghostReportCount + 1;
            if (_report[id].status == IFilterLists.ReportStatus.Open) {
                reportId = id;
                break;
            }
        }
        _resolve(reportId, _caller(_report[reportId].listId, actorSeed, byAnyone), accept);
    }

    function _resolve(uint256 reportId, address caller, bool accept) internal {
        GhostReport storage r = _report[reportId];
        bool expected = caller == ghostMaintainer[r.listId] && r.status == IFilterLists.ReportStatus.Open;
        vm.prank(caller);
        try lists.resolveReport(reportId, accept, accept ? "decided" : "") {
            if (!_outcome(true, expected, "resolveReport")) return;
            r.status = accept ? IFilterLists.ReportStatus.Accepted : IFilterLists.ReportStatus.Dismissed;
            ghostOpenReport[reportKey(r.listId, r.reporter, r.kind, r.subjectIndex)] = 0;
            if (accept && !ghostListed[r.listId][r.kind][r.subjectIndex]) _list(r.listId, r.kind, r.subjectIndex, reportId);
        } catch (bytes memory data) {
            _failed(expected, "resolveReport", data);
        }
    }

    // ─── The model ───────────────────────────────────────────────────────────────────────────────────────────────

    function _createList(uint256 actorSeed) internal {
        address creator = actor(actorSeed);
        vm.prank(creator);
        try lists.createList("list", "") returns (uint256 listId) {
            _outcome(true, true, "createList");
            if (listId != ++ghostListCount) _unexpected("list ids are consecutive");
            ghostMaintainer[listId] = creator;
        } catch (bytes memory data) {
            _failed(true, "createList", data);
        }
    }

    function _list(uint256 listId, uint256 kind, uint256 s, uint256 reportId) internal {
        ghostListed[listId][kind][s] = true;
        ghostListedBy[listId][kind][s] = reportId;
        ghostEntryCount[listId]++;
    }

    // ─── Events: the state an indexer rebuilds ───────────────────────────────────────────────────────────────────

    function _readEvents() internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory log = logs[i];
            if (log.emitter != address(lists)) continue;
            bytes32 topic = log.topics[0];
            uint256 listId = uint256(log.topics[1]);
            if (topic == IFilterLists.ListCreated.selector) {
                eventListCount++;
                eventMaintainer[listId] = address(uint160(uint256(log.topics[2])));
            } else if (topic == IFilterLists.MaintainerOffered.selector) {
                eventOffer[listId] = address(uint160(uint256(log.topics[3])));
            } else if (topic == IFilterLists.MaintainerChanged.selector) {
                eventMaintainer[listId] = address(uint160(uint256(log.topics[3])));
                eventOffer[listId] = address(0);
            } else if (topic == IFilterLists.EntryAdded.selector) {
                (IFilterLists.FilterTargetKind kind,) = abi.decode(log.data, (IFilterLists.FilterTargetKind, string));
                bytes32 target = keccak256(abi.encode(kind, log.topics[2]));
                if (eventListed[listId][target]) _unexpected("EntryAdded for a target already listed");
                eventListed[listId][target] = true;
                eventListedBy[listId][target] = uint256(log.topics[3]);
                eventEntryCount[listId]++;
            } else if (topic == IFilterLists.EntryRemoved.selector) {
                IFilterLists.FilterTargetKind kind = abi.decode(log.data, (IFilterLists.FilterTargetKind));
                bytes32 target = keccak256(abi.encode(kind, log.topics[2]));
                if (!eventListed[listId][target]) _unexpected("EntryRemoved for a target not listed");
                eventListed[listId][target] = false;
                eventEntryCount[listId]--;
            } else if (topic == IFilterLists.Reported.selector) {
                // topics: reportId, listId, reporter
                uint256 reportId = listId;
                if (reportId != ++eventReportCount) _unexpected("Reported ids are consecutive");
                (IFilterLists.FilterTargetKind kind, bytes32 s,) =
                    abi.decode(log.data, (IFilterLists.FilterTargetKind, bytes32, string));
                eventReportTarget[reportId] = keccak256(abi.encode(kind, s));
            } else if (topic == IFilterLists.ReportResolved.selector) {
                uint256 reportId = listId;
                eventResolutions[reportId]++;
                (bool accepted,) = abi.decode(log.data, (bool, string));
                eventAccepted[reportId] = accepted;
            }
        }
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _listId(uint256 seed) internal view returns (uint256) {
        return seed % ghostListCount + 1;
    }

    /// @dev The list's maintainer, or a random account when `byAnyone` (sometimes the maintainer too).
    function _caller(uint256 listId, uint256 actorSeed, bool byAnyone) internal view returns (address) {
        return byAnyone ? actor(actorSeed) : ghostMaintainer[listId];
    }

    function _target(uint256 seed) internal pure returns (uint256 kind, uint256 subjectIndex) {
        return (seed % KINDS, (seed / KINDS) % SUBJECTS);
    }

    /// @dev Records an outcome the model did not expect; returns whether the call succeeded (and counts it).
    function _outcome(bool ok, bool expected, bytes32 name) internal returns (bool) {
        if (ok != expected) {
            _unexpected(string.concat("a call the model refuses succeeded: ", string(abi.encodePacked(name))));
        }
        if (ok) calls[name]++;
        return ok;
    }

    function _failed(bool expected, bytes32 name, bytes memory data) internal {
        if (expected) {
            _unexpected(string.concat(
                "a call the model accepts reverted: ", string(abi.encodePacked(name)), " ", vm.toString(data)
            ));
        }
    }

    function _unexpected(string memory what) internal {
        if (unexpectedOutcomes++ == 0) firstUnexpected = what;
    }
}

/// @dev The FilterLists invariants of test/invariant/README.md. Abstract, with the handler from `_newHandler`, as for
/// Channels: test/contracts/FilterListsInvariant.t.sol makes both concrete.
abstract contract FilterListsInvariants is StdInvariant, Test {
    FilterLists internal lists;
    FilterListsHandler internal handler;

    function _newHandler(FilterLists lists_) internal virtual returns (FilterListsHandler);

    function setUp() public virtual {
        lists = new FilterLists();
        handler = _newHandler(lists);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](11);
        selectors[0] = FilterListsHandler.createList.selector;
        selectors[1] = FilterListsHandler.editList.selector;
        selectors[2] = FilterListsHandler.offerList.selector;
        selectors[3] = FilterListsHandler.acceptList.selector;
        selectors[4] = FilterListsHandler.addEntry.selector;
        selectors[5] = FilterListsHandler.removeEntry.selector;
        selectors[6] = FilterListsHandler.report.selector;
        selectors[7] = FilterListsHandler.resolveReport.selector;
        selectors[8] = FilterListsHandler.createListNamed.selector;
        selectors[9] = FilterListsHandler.reportToUnknownList.selector;
        selectors[10] = FilterListsHandler.addEdgeWord.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev 1. Every call had the outcome the model expects: only a list's maintainer changed it (edit, offer, add,
    /// remove, resolve), only the offered account took it over, and every call the rules accept succeeded.
    function invariant_EveryCallHasTheExpectedOutcome() public view {
        assertEq(handler.unexpectedOutcomes(), 0, handler.firstUnexpected());
    }

    /// @dev 2. Lists match the model and the events: maintainer, offer, entry count, and for every target of the
    /// universe, listed exactly when it was added (directly or by an accepted report) and not removed since.
    function invariant_ListsMatchTheModelAndTheEvents() public view {
        uint256 count = lists.listCount();
        assertEq(count, handler.ghostListCount(), "list count");
        assertEq(count, handler.eventListCount(), "one ListCreated per list");
        for (uint256 listId = 1; listId <= count; ++listId) {
            address maintainer = lists.maintainerOf(listId);
            assertEq(maintainer, handler.ghostMaintainer(listId), "maintainer");
            assertEq(maintainer, handler.eventMaintainer(listId), "maintainer from events");
            assertEq(lists.offeredTo(listId), handler.ghostOffer(listId), "offer");
            assertEq(lists.offeredTo(listId), handler.eventOffer(listId), "offer from events");
            uint256 entries = lists.entryCount(listId);
            assertEq(entries, handler.ghostEntryCount(listId), "entry count");
            assertEq(entries, handler.eventEntryCount(listId), "entry count from events");
            uint256 listed;
            for (uint256 kind; kind < handler.KINDS(); ++kind) {
                for (uint256 s; s < handler.SUBJECTS(); ++s) {
                    bytes32 subject = handler.subject(kind, s);
                    bool isListed = lists.isListed(listId, IFilterLists.FilterTargetKind(kind), subject);
                    assertEq(isListed, handler.ghostListed(listId, kind, s), "listed iff added and not removed");
                    assertEq(
                        isListed,
                        handler.eventListed(listId, keccak256(abi.encode(kind, subject))),
                        "listed from events"
                    );
                    if (isListed) {
                        listed++;
                        assertEq(
                            handler.eventListedBy(listId, keccak256(abi.encode(kind, subject))),
                            handler.ghostListedBy(listId, kind, s),
                            "the entry names the report that listed it"
                        );
                    }
                }
            }
            assertEq(entries, listed, "the entry count is the targets listed");
        }
    }

    /// @dev 3. Reports match the model and resolve once: status, list, reporter and target as made; exactly one
    /// {ReportResolved} for a resolved report and none for an open one; the open-report index points at open reports
    /// only; an accepted report's target is listed unless removed since.
    function invariant_ReportsResolveOnce() public view {
        uint256 count = lists.reportCount();
        assertEq(count, handler.ghostReportCount(), "report count");
        assertEq(count, handler.eventReportCount(), "one Reported per report");
        for (uint256 id = 1; id <= count; ++id) {
            IFilterLists.ReportView memory r = lists.getReport(id);
            FilterListsHandler.GhostReport memory g = handler.ghostReport(id);
            assertEq(r.listId, g.listId, "report list");
            assertEq(r.reporter, g.reporter, "reporter");
            assertEq(uint8(r.kind), g.kind, "report kind");
            assertEq(r.subject, handler.subject(g.kind, g.subjectIndex), "report subject");
            assertEq(handler.eventReportTarget(id), keccak256(abi.encode(r.kind, r.subject)), "target from events");
            assertEq(uint8(r.status), uint8(g.status), "report status");
            bool open = r.status == IFilterLists.ReportStatus.Open;
            assertEq(handler.eventResolutions(id), open ? 0 : 1, "resolved once");
            if (!open) {
                assertEq(handler.eventAccepted(id), r.status == IFilterLists.ReportStatus.Accepted, "outcome");
            }
            uint256 openId = lists.openReportOf(r.listId, r.reporter, r.kind, r.subject);
            assertEq(openId, handler.ghostOpenReport(handler.reportKey(r.listId, r.reporter, g.kind, g.subjectIndex)),
                "open report index");
            if (open) assertEq(openId, id, "an open report is its reporter's open report of its target");
            else assertNotEq(openId, id, "a resolved report is open no more");
        }
    }

    /// @dev A run that neither listed nor reported anything tested little: fail it (runs of 30 calls or more).
    function afterInvariant() external view {
        if (handler.actions() < 30) return;
        assertGt(handler.calls("addEntry") + handler.calls("report"), 0, "nothing was listed or reported in this run");
    }
}
