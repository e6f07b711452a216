// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {IFilterLists} from "./interfaces/IFilterLists.sol";

/// @title FilterLists
/// @notice Shared filter lists with reasons, and reports to their maintainers. No owner, no admin, no pause, no
/// upgrade: only a list's maintainer changes that list, and a list only hides things for viewers who subscribe to it.
contract FilterLists is IFilterLists {
    /// @notice The longest list name, in bytes of UTF-8.
    uint256 public constant MAX_NAME_BYTES = 64;
    /// @notice The longest list description, in bytes of UTF-8.
    uint256 public constant MAX_DESCRIPTION_BYTES = 1_000;
    /// @notice The longest reason (of an entry, a report or a resolution), in bytes of UTF-8: a sentence, as a viewer
    /// reads it beside a hidden item.
    uint256 public constant MAX_REASON_BYTES = 280;

    struct List {
        address maintainer;
        uint96 entryCount;
        address offeredTo;
    }

    struct Report {
        address reporter;
        uint64 listId;
        FilterTargetKind kind;
        ReportStatus status;
        bytes32 subject;
    }

    uint256 private _listCount;
    mapping(uint256 listId => List) private _lists;
    mapping(uint256 listId => mapping(bytes32 target => bool)) private _listed;

    uint256 private _reportCount;
    mapping(uint256 reportId => Report) private _reports;
    /// @dev keccak256(listId, reporter, kind, subject) → the reporter's open report of that target, or 0.
    mapping(bytes32 key => uint256 reportId) private _openReports;

    modifier onlyMaintainer(uint256 listId) {
        if (_list(listId).maintainer != msg.sender) revert FilterListsNotMaintainer(listId, msg.sender);
        _;
    }

    /// @inheritdoc IFilterLists
    function createList(string calldata name, string calldata description) external returns (uint256 listId) {
        _checkText(name, description);
        listId = ++_listCount;
        _lists[listId].maintainer = msg.sender;
        emit ListCreated(listId, msg.sender, name, description);
    }

    /// @inheritdoc IFilterLists
    function editList(uint256 listId, string calldata name, string calldata description)
        external
        onlyMaintainer(listId)
    {
        _checkText(name, description);
        emit ListEdited(listId, name, description);
    }

    /// @inheritdoc IFilterLists
    function offerList(uint256 listId, address to) external onlyMaintainer(listId) {
        if (to == msg.sender) revert FilterListsOfferedToMaintainer(listId);
        _lists[listId].offeredTo = to;
        emit MaintainerOffered(listId, msg.sender, to);
    }

    /// @inheritdoc IFilterLists
    function acceptList(uint256 listId) external {
        List storage list = _list(listId);
        if (list.offeredTo != msg.sender) revert FilterListsNotOffered(listId, msg.sender);
        address previous = list.maintainer;
        list.maintainer = msg.sender;
        list.offeredTo = address(0);
        emit MaintainerChanged(listId, previous, msg.sender);
    }

    /// @inheritdoc IFilterLists
    function addEntry(uint256 listId, FilterTargetKind kind, bytes32 subject, string calldata reason)
        external
        onlyMaintainer(listId)
    {
        _checkSubject(kind, subject);
        _checkReason(reason, 1);
        if (_listed[listId][_target(kind, subject)]) revert FilterListsAlreadyListed(listId, kind, subject);
        _add(listId, kind, subject, reason, 0);
    }

    /// @inheritdoc IFilterLists
    function removeEntry(uint256 listId, FilterTargetKind kind, bytes32 subject) external onlyMaintainer(listId) {
        bytes32 target = _target(kind, subject);
        if (!_listed[listId][target]) revert FilterListsNotListed(listId, kind, subject);
        _listed[listId][target] = false;
        _lists[listId].entryCount--;
        emit EntryRemoved(listId, kind, subject);
    }

    /// @inheritdoc IFilterLists
    function report(uint256 listId, FilterTargetKind kind, bytes32 subject, string calldata reason)
        external
        returns (uint256 reportId)
    {
        // Checks
        _list(listId);
        _checkSubject(kind, subject);
        _checkReason(reason, 1);
        if (_listed[listId][_target(kind, subject)]) revert FilterListsAlreadyListed(listId, kind, subject);
        bytes32 key = _reportKey(listId, msg.sender, kind, subject);
        uint256 open = _openReports[key];
        if (open != 0) revert FilterListsReportAlreadyOpen(open);

        // Effects
        reportId = ++_reportCount;
        _reports[reportId] = Report({
            reporter: msg.sender, listId: uint64(listId), kind: kind, status: ReportStatus.Open, subject: subject
        });
        _openReports[key] = reportId;
        emit Reported(reportId, listId, msg.sender, kind, subject, reason);
    }

    /// @inheritdoc IFilterLists
    function resolveReport(uint256 reportId, bool accept, string calldata reason) external {
        Report storage r = _report(reportId);
        uint256 listId = r.listId;
        if (_lists[listId].maintainer != msg.sender) revert FilterListsNotMaintainer(listId, msg.sender);
        if (r.status != ReportStatus.Open) revert FilterListsReportResolved(reportId, r.status);
        _checkReason(reason, accept ? 1 : 0);

        (FilterTargetKind kind, bytes32 subject) = (r.kind, r.subject);
        r.status = accept ? ReportStatus.Accepted : ReportStatus.Dismissed;
        delete _openReports[_reportKey(listId, r.reporter, kind, subject)];
        emit ReportResolved(reportId, listId, msg.sender, accept, reason);
        // A target listed since the report was made stays as it is (with its own reason): accepting still closes it.
        if (accept && !_listed[listId][_target(kind, subject)]) _add(listId, kind, subject, reason, reportId);
    }

    /// @inheritdoc IFilterLists
    function listCount() external view returns (uint256) {
        return _listCount;
    }

    /// @inheritdoc IFilterLists
    function maintainerOf(uint256 listId) external view returns (address) {
        return _list(listId).maintainer;
    }

    /// @inheritdoc IFilterLists
    function offeredTo(uint256 listId) external view returns (address) {
        return _list(listId).offeredTo;
    }

    /// @inheritdoc IFilterLists
    function entryCount(uint256 listId) external view returns (uint256) {
        return _list(listId).entryCount;
    }

    /// @inheritdoc IFilterLists
    function isListed(uint256 listId, FilterTargetKind kind, bytes32 subject) external view returns (bool) {
        _list(listId);
        return _listed[listId][_target(kind, subject)];
    }

    /// @inheritdoc IFilterLists
    function reportCount() external view returns (uint256) {
        return _reportCount;
    }

    /// @inheritdoc IFilterLists
    function getReport(uint256 reportId) external view returns (ReportView memory) {
        Report storage r = _report(reportId);
        return ReportView({listId: r.listId, reporter: r.reporter, kind: r.kind, status: r.status, subject: r.subject});
    }

    /// @inheritdoc IFilterLists
    function openReportOf(uint256 listId, address reporter, FilterTargetKind kind, bytes32 subject)
        external
        view
        returns (uint256)
    {
        return _openReports[_reportKey(listId, reporter, kind, subject)];
    }

    function _add(uint256 listId, FilterTargetKind kind, bytes32 subject, string calldata reason, uint256 reportId)
        private
    {
        _listed[listId][_target(kind, subject)] = true;
        _lists[listId].entryCount++;
        emit EntryAdded(listId, kind, subject, reason, reportId);
    }

    function _list(uint256 listId) private view returns (List storage list) {
        list = _lists[listId];
        if (list.maintainer == address(0)) revert FilterListsUnknownList(listId);
    }

    function _report(uint256 reportId) private view returns (Report storage r) {
        r = _reports[reportId];
        if (r.reporter == address(0)) revert FilterListsUnknownReport(reportId);
    }

    function _checkText(string calldata name, string calldata description) private pure {
        uint256 length = bytes(name).length;
        if (length == 0 || length > MAX_NAME_BYTES) revert FilterListsBadName(length, MAX_NAME_BYTES);
        length = bytes(description).length;
        if (length > MAX_DESCRIPTION_BYTES) revert FilterListsDescriptionTooLong(length, MAX_DESCRIPTION_BYTES);
    }

    function _checkReason(string calldata reason, uint256 minLength) private pure {
        uint256 length = bytes(reason).length;
        if (length < minLength || length > MAX_REASON_BYTES) revert FilterListsBadReason(length, MAX_REASON_BYTES);
    }

    /// @dev One encoding per target, so that one target is one entry: ids and addresses are non-zero numbers (an
    /// address with its high bytes zero), a word has no upper-case ASCII (the web lower-cases before matching), no
    /// space or control character, and its zero padding only at the end.
    function _checkSubject(FilterTargetKind kind, bytes32 subject) private pure {
        bool valid = subject != 0;
        if (kind == FilterTargetKind.Author) {
            valid = valid && uint256(subject) >> 160 == 0;
        } else if (kind == FilterTargetKind.Word) {
            bool ended;
            for (uint256 i; valid && i < 32; ++i) {
                bytes1 b = subject[i];
                if (b == 0) ended = true;
                else valid = !ended && b > 0x20 && b != 0x7f && (b < 0x41 || b > 0x5a);
            }
        }
        if (!valid) revert FilterListsBadSubject(kind, subject);
    }

    function _target(FilterTargetKind kind, bytes32 subject) private pure returns (bytes32) {
        return keccak256(abi.encode(kind, subject));
    }

    function _reportKey(uint256 listId, address reporter, FilterTargetKind kind, bytes32 subject)
        private
        pure
        returns (bytes32)
    {
        return keccak256(abi.encode(listId, reporter, kind, subject));
    }
}
