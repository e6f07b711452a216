// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {IFilterLists} from "../../contracts/interfaces/IFilterLists.sol";
import {FilterLists} from "../../contracts/FilterLists.sol";

contract FilterListsTest is Test {
    FilterLists internal lists;

    address internal constant MAINTAINER = address(0xA11CE);
    address internal constant REPORTER = address(0xB0B);
    address internal constant OTHER = address(0xCAFE);

    IFilterLists.FilterTargetKind internal constant VIDEO = IFilterLists.FilterTargetKind.Video;
    IFilterLists.FilterTargetKind internal constant AUTHOR = IFilterLists.FilterTargetKind.Author;
    IFilterLists.FilterTargetKind internal constant WORD = IFilterLists.FilterTargetKind.Word;

    uint256 internal listId;

    function setUp() public {
        lists = new FilterLists();
        vm.prank(MAINTAINER);
        listId = lists.createList("No spoilers", "Videos that give away endings.");
    }

    function _report(address reporter, IFilterLists.FilterTargetKind kind, bytes32 subject)
        internal
        returns (uint256)
    {
        vm.prank(reporter);
        return lists.report(listId, kind, subject, "spoils the finale");
    }

    function _text(uint256 length) internal pure returns (string memory) {
        bytes memory b = new bytes(length);
        for (uint256 i; i < length; ++i) {
            b[i] = "a";
        }
        return string(b);
    }

    // ─── Lists ───────────────────────────────────────────────────────────────────────────────────────────────────

    function test_CreateList_RecordsTheCreatorAsMaintainer() public {
        vm.expectEmit(true, true, false, true, address(lists));
        emit IFilterLists.ListCreated(2, OTHER, "Calm", "");
        vm.prank(OTHER);
        assertEq(lists.createList("Calm", ""), 2, "ids are consecutive");
        assertEq(lists.listCount(), 2);
        assertEq(lists.maintainerOf(2), OTHER);
        assertEq(lists.offeredTo(2), address(0));
        assertEq(lists.entryCount(2), 0);
    }

    function testFuzz_CreateList_NameAndDescriptionLimits(uint16 nameLength, uint16 descriptionLength) public {
        nameLength = uint16(bound(nameLength, 0, 100));
        descriptionLength = uint16(bound(descriptionLength, 0, 1_100));
        if (nameLength == 0 || nameLength > 64) {
            vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsBadName.selector, nameLength, 64));
        } else if (descriptionLength > 1_000) {
            vm.expectRevert(
                abi.encodeWithSelector(IFilterLists.FilterListsDescriptionTooLong.selector, descriptionLength, 1_000)
            );
        }
        lists.createList(_text(nameLength), _text(descriptionLength));
    }

    function test_EditList_ByTheMaintainerOnly() public {
        vm.expectEmit(true, false, false, true, address(lists));
        emit IFilterLists.ListEdited(listId, "Spoiler-free", "new");
        vm.prank(MAINTAINER);
        lists.editList(listId, "Spoiler-free", "new");

        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsNotMaintainer.selector, listId, OTHER));
        vm.prank(OTHER);
        lists.editList(listId, "Mine now", "");

        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsBadName.selector, 0, 64));
        vm.prank(MAINTAINER);
        lists.editList(listId, "", "");
    }

    function test_UnknownListsAreRefused() public {
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsUnknownList.selector, 9));
        lists.maintainerOf(9);
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsUnknownList.selector, 9));
        lists.offeredTo(9);
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsUnknownList.selector, 9));
        lists.entryCount(9);
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsUnknownList.selector, 9));
        lists.isListed(9, VIDEO, bytes32(uint256(1)));
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsUnknownList.selector, 9));
        lists.report(9, VIDEO, bytes32(uint256(1)), "why");
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsUnknownList.selector, 9));
        lists.acceptList(9);
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsUnknownList.selector, 0));
        lists.addEntry(0, VIDEO, bytes32(uint256(1)), "why");
    }

    // ─── Handing a list over ─────────────────────────────────────────────────────────────────────────────────────

    function test_HandOver_TakesAnOfferAndAnAcceptance() public {
        vm.expectEmit(true, true, true, true, address(lists));
        emit IFilterLists.MaintainerOffered(listId, MAINTAINER, OTHER);
        vm.prank(MAINTAINER);
        lists.offerList(listId, OTHER);
        assertEq(lists.offeredTo(listId), OTHER);
        assertEq(lists.maintainerOf(listId), MAINTAINER, "an offer alone changes nothing");

        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsNotOffered.selector, listId, REPORTER));
        vm.prank(REPORTER);
        lists.acceptList(listId);

        vm.expectEmit(true, true, true, true, address(lists));
        emit IFilterLists.MaintainerChanged(listId, MAINTAINER, OTHER);
        vm.prank(OTHER);
        lists.acceptList(listId);
        assertEq(lists.maintainerOf(listId), OTHER);
        assertEq(lists.offeredTo(listId), address(0), "the offer is used up");

        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsNotMaintainer.selector, listId, MAINTAINER));
        vm.prank(MAINTAINER);
        lists.addEntry(listId, VIDEO, bytes32(uint256(1)), "old maintainer");
        vm.prank(OTHER);
        lists.addEntry(listId, VIDEO, bytes32(uint256(1)), "new maintainer");
    }

    function test_HandOver_OfferCanBeWithdrawnAndNeverToTheMaintainer() public {
        vm.startPrank(MAINTAINER);
        lists.offerList(listId, OTHER);
        lists.offerList(listId, address(0));
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsOfferedToMaintainer.selector, listId));
        lists.offerList(listId, MAINTAINER);
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsNotOffered.selector, listId, OTHER));
        vm.prank(OTHER);
        lists.acceptList(listId);
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsNotMaintainer.selector, listId, OTHER));
        vm.prank(OTHER);
        lists.offerList(listId, OTHER);
    }

    // ─── Entries ─────────────────────────────────────────────────────────────────────────────────────────────────

    function test_Entries_AddAndRemove() public {
        bytes32 subject = bytes32(uint256(uint160(OTHER)));
        vm.expectEmit(true, true, true, true, address(lists));
        emit IFilterLists.EntryAdded(listId, AUTHOR, subject, "posts spoilers", 0);
        vm.prank(MAINTAINER);
        lists.addEntry(listId, AUTHOR, subject, "posts spoilers");
        assertTrue(lists.isListed(listId, AUTHOR, subject));
        assertFalse(lists.isListed(listId, VIDEO, subject), "the kind is part of the target");
        assertEq(lists.entryCount(listId), 1);

        vm.expectRevert(
            abi.encodeWithSelector(IFilterLists.FilterListsAlreadyListed.selector, listId, AUTHOR, subject)
        );
        vm.prank(MAINTAINER);
        lists.addEntry(listId, AUTHOR, subject, "again");

        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsNotMaintainer.selector, listId, OTHER));
        vm.prank(OTHER);
        lists.removeEntry(listId, AUTHOR, subject);

        vm.expectEmit(true, true, true, true, address(lists));
        emit IFilterLists.EntryRemoved(listId, AUTHOR, subject);
        vm.prank(MAINTAINER);
        lists.removeEntry(listId, AUTHOR, subject);
        assertFalse(lists.isListed(listId, AUTHOR, subject));
        assertEq(lists.entryCount(listId), 0);

        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsNotListed.selector, listId, AUTHOR, subject));
        vm.prank(MAINTAINER);
        lists.removeEntry(listId, AUTHOR, subject);
    }

    function test_Entries_OnlyTheMaintainerAdds() public {
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsNotMaintainer.selector, listId, OTHER));
        vm.prank(OTHER);
        lists.addEntry(listId, VIDEO, bytes32(uint256(7)), "mine");
    }

    function testFuzz_Entries_ReasonLimits(uint16 length) public {
        length = uint16(bound(length, 0, 400));
        if (length == 0 || length > 280) {
            vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsBadReason.selector, length, 280));
        }
        vm.prank(MAINTAINER);
        lists.addEntry(listId, VIDEO, bytes32(uint256(7)), _text(length));
    }

    /// @dev Ids of every numeric kind: any non-zero number.
    function testFuzz_Subjects_Ids(uint8 kindSeed, uint256 id) public {
        IFilterLists.FilterTargetKind kind = [
            IFilterLists.FilterTargetKind.Video,
            IFilterLists.FilterTargetKind.Release,
            IFilterLists.FilterTargetKind.Comment,
            IFilterLists.FilterTargetKind.Channel
        ][kindSeed % 4];
        if (id == 0) vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsBadSubject.selector, kind, 0));
        vm.prank(MAINTAINER);
        lists.addEntry(listId, kind, bytes32(id), "why");
    }

    function testFuzz_Subjects_Authors(bytes32 subject) public {
        if (subject == 0 || uint256(subject) >> 160 != 0) {
            vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsBadSubject.selector, AUTHOR, subject));
        }
        vm.prank(MAINTAINER);
        lists.addEntry(listId, AUTHOR, subject, "why");
    }

    /// @dev The rules of a word, restated independently: non-empty, left-aligned, lower case, no space or control
    /// character.
    function testFuzz_Subjects_Words(bytes32 subject) public {
        bool valid = subject[0] != 0;
        bool ended;
        for (uint256 i; i < 32; ++i) {
            uint8 b = uint8(subject[i]);
            if (b == 0) ended = true;
            else if (ended || b <= 32 || b == 127 || (b >= 65 && b <= 90)) valid = false;
        }
        if (!valid) vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsBadSubject.selector, WORD, subject));
        vm.prank(MAINTAINER);
        lists.addEntry(listId, WORD, subject, "why");
    }

    function test_Subjects_Words() public {
        bytes32[6] memory good =
            [bytes32("spoiler"), bytes32("f1"), bytes32(unicode"ünïcode"), bytes32("a~"), bytes32("@me"), bytes32("a[1]")];
        bytes32[8] memory bad = [
            bytes32(0),
            bytes32("Spoiler"),
            bytes32("zZ"),
            bytes32("two words"),
            bytes32("tab\t"),
            bytes32("\x00late"),
            bytes32("a\x00b"),
            bytes32("del\x7f")
        ];
        vm.startPrank(MAINTAINER);
        for (uint256 i; i < good.length; ++i) {
            lists.addEntry(listId, WORD, good[i], "why");
        }
        for (uint256 i; i < bad.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsBadSubject.selector, WORD, bad[i]));
            lists.addEntry(listId, WORD, bad[i], "why");
        }
        vm.stopPrank();
        assertEq(lists.entryCount(listId), good.length);
    }

    // ─── Reports ─────────────────────────────────────────────────────────────────────────────────────────────────

    function test_Report_IsPublicAndOneOpenPerReporterAndTarget() public {
        bytes32 subject = bytes32(uint256(42));
        vm.expectEmit(true, true, true, true, address(lists));
        emit IFilterLists.Reported(1, listId, REPORTER, VIDEO, subject, "spoils the finale");
        uint256 reportId = _report(REPORTER, VIDEO, subject);
        assertEq(reportId, 1);
        assertEq(lists.reportCount(), 1);
        IFilterLists.ReportView memory r = lists.getReport(reportId);
        assertEq(r.listId, listId);
        assertEq(r.reporter, REPORTER);
        assertEq(uint8(r.kind), uint8(VIDEO));
        assertEq(uint8(r.status), uint8(IFilterLists.ReportStatus.Open));
        assertEq(r.subject, subject);
        assertEq(lists.openReportOf(listId, REPORTER, VIDEO, subject), reportId);

        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsReportAlreadyOpen.selector, reportId));
        _report(REPORTER, VIDEO, subject);
        // Another reporter, another kind or another list is another report.
        assertEq(_report(OTHER, VIDEO, subject), 2);
        assertEq(_report(REPORTER, IFilterLists.FilterTargetKind.Comment, subject), 3);
        vm.prank(OTHER);
        uint256 otherList = lists.createList("Other", "");
        vm.prank(REPORTER);
        assertEq(lists.report(otherList, VIDEO, subject, "also here"), 4);
    }

    function test_Report_ChecksItsInput() public {
        vm.startPrank(REPORTER);
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsBadSubject.selector, VIDEO, 0));
        lists.report(listId, VIDEO, 0, "why");
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsBadReason.selector, 0, 280));
        lists.report(listId, VIDEO, bytes32(uint256(1)), "");
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsBadReason.selector, 281, 280));
        lists.report(listId, VIDEO, bytes32(uint256(1)), _text(281));
        vm.stopPrank();

        vm.prank(MAINTAINER);
        lists.addEntry(listId, VIDEO, bytes32(uint256(1)), "listed");
        vm.expectRevert(
            abi.encodeWithSelector(IFilterLists.FilterListsAlreadyListed.selector, listId, VIDEO, bytes32(uint256(1)))
        );
        _report(REPORTER, VIDEO, bytes32(uint256(1)));
    }

    function test_ResolveReport_AcceptListsTheTargetWithTheMaintainersReason() public {
        bytes32 subject = bytes32(uint256(42));
        uint256 reportId = _report(REPORTER, VIDEO, subject);
        vm.expectEmit(true, true, true, true, address(lists));
        emit IFilterLists.ReportResolved(reportId, listId, MAINTAINER, true, "reveals the ending");
        vm.expectEmit(true, true, true, true, address(lists));
        emit IFilterLists.EntryAdded(listId, VIDEO, subject, "reveals the ending", reportId);
        vm.prank(MAINTAINER);
        lists.resolveReport(reportId, true, "reveals the ending");

        assertTrue(lists.isListed(listId, VIDEO, subject));
        assertEq(lists.entryCount(listId), 1);
        assertEq(uint8(lists.getReport(reportId).status), uint8(IFilterLists.ReportStatus.Accepted));
        assertEq(lists.openReportOf(listId, REPORTER, VIDEO, subject), 0, "no longer open");

        vm.expectRevert(
            abi.encodeWithSelector(
                IFilterLists.FilterListsReportResolved.selector, reportId, IFilterLists.ReportStatus.Accepted
            )
        );
        vm.prank(MAINTAINER);
        lists.resolveReport(reportId, false, "");
    }

    function test_ResolveReport_DismissChangesNoEntryAndFreesTheReporter() public {
        bytes32 subject = bytes32(uint256(42));
        uint256 reportId = _report(REPORTER, VIDEO, subject);
        vm.expectEmit(true, true, true, true, address(lists));
        emit IFilterLists.ReportResolved(reportId, listId, MAINTAINER, false, "");
        vm.recordLogs();
        vm.prank(MAINTAINER);
        lists.resolveReport(reportId, false, "");
        assertEq(vm.getRecordedLogs().length, 1, "no EntryAdded");
        assertFalse(lists.isListed(listId, VIDEO, subject));
        assertEq(uint8(lists.getReport(reportId).status), uint8(IFilterLists.ReportStatus.Dismissed));

        vm.expectRevert(
            abi.encodeWithSelector(
                IFilterLists.FilterListsReportResolved.selector, reportId, IFilterLists.ReportStatus.Dismissed
            )
        );
        vm.prank(MAINTAINER);
        lists.resolveReport(reportId, true, "changed my mind");
        // The reporter may report it again, as a new report.
        assertEq(_report(REPORTER, VIDEO, subject), reportId + 1);
    }

    function test_ResolveReport_AcceptingATargetListedMeanwhileKeepsItsEntry() public {
        bytes32 subject = bytes32(uint256(42));
        uint256 first = _report(REPORTER, VIDEO, subject);
        uint256 second = _report(OTHER, VIDEO, subject);
        vm.startPrank(MAINTAINER);
        lists.resolveReport(first, true, "first reason");
        vm.recordLogs();
        lists.resolveReport(second, true, "second reason");
        vm.stopPrank();
        assertEq(vm.getRecordedLogs().length, 1, "ReportResolved only");
        assertEq(uint8(lists.getReport(second).status), uint8(IFilterLists.ReportStatus.Accepted));
        assertEq(lists.entryCount(listId), 1, "one entry");
    }

    function test_ResolveReport_ChecksCallerAndReason() public {
        uint256 reportId = _report(REPORTER, VIDEO, bytes32(uint256(42)));
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsNotMaintainer.selector, listId, REPORTER));
        vm.prank(REPORTER);
        lists.resolveReport(reportId, true, "self-accepted");
        vm.startPrank(MAINTAINER);
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsBadReason.selector, 0, 280));
        lists.resolveReport(reportId, true, "");
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsBadReason.selector, 281, 280));
        lists.resolveReport(reportId, false, _text(281));
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsUnknownReport.selector, 2));
        lists.resolveReport(2, true, "why");
        vm.stopPrank();
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsUnknownReport.selector, 0));
        lists.getReport(0);
    }

    /// @dev A report belongs to its list, whoever maintains it when it is resolved.
    function test_ResolveReport_ByTheMaintainerAtResolution() public {
        uint256 reportId = _report(REPORTER, VIDEO, bytes32(uint256(42)));
        vm.prank(MAINTAINER);
        lists.offerList(listId, OTHER);
        vm.prank(OTHER);
        lists.acceptList(listId);
        vm.expectRevert(abi.encodeWithSelector(IFilterLists.FilterListsNotMaintainer.selector, listId, MAINTAINER));
        vm.prank(MAINTAINER);
        lists.resolveReport(reportId, false, "");
        vm.prank(OTHER);
        lists.resolveReport(reportId, false, "");
    }
}
