// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {IHandles} from "../../contracts/interfaces/IHandles.sol";
import {Handles} from "../../contracts/Handles.sol";

/// @dev Refuses ETH, like a contract wallet without a receive function.
contract HandlesTestRefuser {
    Handles internal immutable handles;

    constructor(Handles handles_) payable {
        handles = handles_;
    }

    function claim(string calldata handle) external {
        handles.claim{value: handles.BOND()}(handle);
    }

    function release() external {
        handles.release();
    }

    function withdrawBond() external {
        handles.withdrawBond();
    }

    function withdrawBondTo(address to) external {
        handles.withdrawBondTo(to);
    }
}

/// @dev Tries to withdraw again from inside the ETH transfer of a withdrawal.
contract HandlesTestReentrant {
    Handles internal immutable handles;
    bool public reentered;
    bool public reentryRefused;

    constructor(Handles handles_) payable {
        handles = handles_;
    }

    function claimAndRelease(string calldata handle) external {
        handles.claim{value: handles.BOND()}(handle);
        handles.release();
    }

    function withdrawBond() external {
        handles.withdrawBond();
    }

    receive() external payable {
        if (reentered) return;
        reentered = true;
        try handles.withdrawBond() {}
        catch (bytes memory reason) {
            reentryRefused = bytes4(reason) == IHandles.HandlesNothingToWithdraw.selector;
        }
    }
}

contract HandlesTest is Test {
    Handles internal handles;
    uint256 internal bond;

    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant CAROL = address(0xCA201);

    function setUp() public {
        vm.warp(1_000_000);
        handles = new Handles();
        bond = handles.BOND();
        vm.deal(ALICE, 1 ether);
        vm.deal(BOB, 1 ether);
        vm.deal(CAROL, 1 ether);
    }

    function _claim(address who, string memory handle) internal {
        vm.prank(who);
        handles.claim{value: bond}(handle);
    }

    // ─── Constants ───────────────────────────────────────────────────────────────────────────────────────────────

    function test_Constants() public view {
        assertEq(handles.BOND(), 0.01 ether, "bond");
        assertEq(handles.TERM(), 365 days, "term");
        assertEq(handles.RELEASE_COOLDOWN(), 30 days, "cooldown");
        assertEq(handles.MIN_HANDLE_LENGTH(), 3, "min length");
        assertEq(handles.MAX_HANDLE_LENGTH(), 24, "max length");
        assertEq(handles.MAX_NICKNAME_BYTES(), 64, "nickname bytes");
    }

    // ─── Nicknames ───────────────────────────────────────────────────────────────────────────────────────────────

    function test_SetNickname_EmitsAnyTextUpToTheLimit() public {
        string memory nickname = unicode"Zoë 🎬 — not unique";
        vm.expectEmit(true, false, false, true, address(handles));
        emit IHandles.NicknameSet(ALICE, nickname);
        vm.prank(ALICE);
        handles.setNickname(nickname);

        string memory longest = string(new bytes(64));
        vm.expectEmit(true, false, false, true, address(handles));
        emit IHandles.NicknameSet(BOB, longest);
        vm.prank(BOB);
        handles.setNickname(longest);
    }

    function test_SetNickname_EmptyClears() public {
        vm.expectEmit(true, false, false, true, address(handles));
        emit IHandles.NicknameSet(ALICE, "");
        vm.prank(ALICE);
        handles.setNickname("");
    }

    function test_RevertWhen_NicknameTooLong() public {
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesNicknameTooLong.selector, 65, 64));
        handles.setNickname(string(new bytes(65)));
    }

    function testFuzz_NicknameLengthIsTheOnlyRule(bytes memory nickname) public {
        if (nickname.length > 64) {
            vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesNicknameTooLong.selector, nickname.length, 64));
        } else {
            vm.expectEmit(true, false, false, true, address(handles));
            emit IHandles.NicknameSet(address(this), string(nickname));
        }
        handles.setNickname(string(nickname));
    }

    // ─── Handle form ─────────────────────────────────────────────────────────────────────────────────────────────

    function test_ValidHandles() public view {
        string[8] memory good = ["abc", "alice", "a1b", "a-b", "a_b", "z9-8_7", "abcdefghijklmnopqrstuvwx", "a0-b1_c2"];
        for (uint256 i; i < good.length; ++i) {
            assertTrue(handles.isValidHandle(good[i]), good[i]);
        }
    }

    function test_InvalidHandles() public view {
        string[20] memory bad = [
            "", "ab", "abcdefghijklmnopqrstuvwxy", "Alice", "aLice", "1abc", "0xabc", "-abc", "_abc", "abc-", "abc_",
            "a--b", "a-_b", "a__b", "a b", "a.b", unicode"alicé", unicode"аlice", "a\x00b", "abc\x00"
        ];
        for (uint256 i; i < bad.length; ++i) {
            assertFalse(handles.isValidHandle(bad[i]), bad[i]);
        }
    }

    /// @dev The contract's check against a reference written another way: an alphabet test, then the rules on the
    /// first and last characters and on adjacent pairs.
    function testFuzz_HandleFormMatchesTheReference(bytes memory raw) public view {
        assertEq(handles.isValidHandle(string(raw)), _referenceValid(raw), string(raw));
    }

    /// @dev Random strings are almost never valid: fuzz over the alphabet and separators too.
    function testFuzz_HandleFormMatchesTheReferenceNearTheAlphabet(uint256 seed, uint8 lengthSeed) public view {
        bytes memory alphabet = "abz09-_A.";
        uint256 length = lengthSeed % 27;
        bytes memory raw = new bytes(length);
        for (uint256 i; i < length; ++i) {
            raw[i] = alphabet[uint256(keccak256(abi.encode(seed, i))) % alphabet.length];
        }
        assertEq(handles.isValidHandle(string(raw)), _referenceValid(raw), string(raw));
    }

    function _referenceValid(bytes memory b) internal pure returns (bool) {
        if (b.length < 3 || b.length > 24) return false;
        for (uint256 i; i < b.length; ++i) {
            bool letter = uint8(b[i]) >= 0x61 && uint8(b[i]) <= 0x7a;
            bool digit = uint8(b[i]) >= 0x30 && uint8(b[i]) <= 0x39;
            if (!letter && !digit && b[i] != "-" && b[i] != "_") return false;
        }
        if (!(uint8(b[0]) >= 0x61 && uint8(b[0]) <= 0x7a)) return false;
        if (_isSeparator(b[b.length - 1])) return false;
        for (uint256 i = 1; i < b.length; ++i) {
            if (_isSeparator(b[i]) && _isSeparator(b[i - 1])) return false;
        }
        return true;
    }

    function _isSeparator(bytes1 c) internal pure returns (bool) {
        return c == "-" || c == "_";
    }

    function testFuzz_ClaimRefusesEveryInvalidForm(bytes memory raw) public {
        vm.assume(!_referenceValid(raw));
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesInvalidHandle.selector, string(raw)));
        _claim(ALICE, string(raw));
    }

    // ─── Claim ───────────────────────────────────────────────────────────────────────────────────────────────────

    function test_Claim_HoldsTheHandleAndTheBond() public {
        vm.expectEmit(true, false, false, true, address(handles));
        emit IHandles.HandleClaimed(ALICE, "alice", uint48(block.timestamp + 365 days), bond);
        _claim(ALICE, "alice");
        assertEq(handles.handleOf(ALICE), "alice", "handleOf");
        assertEq(handles.holderOf("alice"), ALICE, "holderOf");
        assertTrue(handles.isVerified(ALICE), "verified");
        assertFalse(handles.isVerified(BOB), "not verified");
        (string memory handle, uint48 expiresAt) = handles.holdingOf(ALICE);
        assertEq(handle, "alice", "holding");
        assertEq(expiresAt, block.timestamp + 365 days, "expiry");
        (IHandles.HandleStatus status, address holder, uint48 until) = handles.handleStatus("alice");
        assertEq(uint8(status), uint8(IHandles.HandleStatus.Live), "live");
        assertEq(holder, ALICE, "status holder");
        assertEq(until, expiresAt, "status until");
        assertEq(address(handles).balance, bond, "bond held");
    }

    function test_Claim_TheLongestHandleRoundTrips() public {
        _claim(ALICE, "abcdefghijklmnopqrstuvwx");
        assertEq(handles.handleOf(ALICE), "abcdefghijklmnopqrstuvwx");
        assertEq(handles.holderOf("abcdefghijklmnopqrstuvwx"), ALICE);
    }

    function test_RevertWhen_ClaimPaysTheWrongBond() public {
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesWrongBond.selector, bond - 1, bond));
        handles.claim{value: bond - 1}("alice");
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesWrongBond.selector, bond + 1, bond));
        handles.claim{value: bond + 1}("alice");
        vm.prank(ALICE);
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesWrongBond.selector, 0, bond));
        handles.claim("alice");
    }

    function test_RevertWhen_ClaimingASecondHandle() public {
        _claim(ALICE, "alice");
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesAlreadyHolding.selector, ALICE, "alice"));
        _claim(ALICE, "alice2");
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesAlreadyHolding.selector, ALICE, "alice"));
        _claim(ALICE, "alice");
        // Expired but not taken: still hers, so still one handle.
        vm.warp(block.timestamp + 366 days);
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesAlreadyHolding.selector, ALICE, "alice"));
        _claim(ALICE, "other");
    }

    function test_RevertWhen_ClaimingALiveHandle() public {
        _claim(ALICE, "alice");
        uint48 expiresAt = uint48(block.timestamp + 365 days);
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesTaken.selector, "alice", ALICE, expiresAt));
        _claim(BOB, "alice");
        // Up to the second before expiry.
        vm.warp(expiresAt - 1);
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesTaken.selector, "alice", ALICE, expiresAt));
        _claim(BOB, "alice");
    }

    // ─── Renew ───────────────────────────────────────────────────────────────────────────────────────────────────

    function test_Renew_ExtendsFromNow() public {
        _claim(ALICE, "alice");
        vm.warp(block.timestamp + 200 days);
        uint48 expected = uint48(block.timestamp + 365 days);
        vm.expectEmit(true, false, false, true, address(handles));
        emit IHandles.HandleRenewed(ALICE, "alice", expected);
        vm.prank(ALICE);
        handles.renew();
        (, uint48 expiresAt) = handles.holdingOf(ALICE);
        assertEq(expiresAt, expected);
        vm.warp(block.timestamp + 364 days);
        assertTrue(handles.isVerified(ALICE), "still live");
    }

    function test_Renew_AfterExpiryWhileNobodyClaimedIt() public {
        _claim(ALICE, "alice");
        vm.warp(block.timestamp + 400 days);
        assertFalse(handles.isVerified(ALICE), "expired");
        vm.prank(ALICE);
        handles.renew();
        assertTrue(handles.isVerified(ALICE), "live again");
        assertEq(handles.holderOf("alice"), ALICE);
    }

    function test_RevertWhen_RenewWithoutAHandle() public {
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesNoHandle.selector, ALICE));
        vm.prank(ALICE);
        handles.renew();
    }

    // ─── Expiry ──────────────────────────────────────────────────────────────────────────────────────────────────

    function test_Expiry_StopsVerifyingAtTheSecond() public {
        _claim(ALICE, "alice");
        vm.warp(block.timestamp + 365 days - 1);
        assertTrue(handles.isVerified(ALICE), "live until the last second");
        vm.warp(block.timestamp + 1);
        assertFalse(handles.isVerified(ALICE), "expired");
        assertEq(handles.handleOf(ALICE), "", "no live handle");
        assertEq(handles.holderOf("alice"), address(0), "no live holder");
        (string memory handle,) = handles.holdingOf(ALICE);
        assertEq(handle, "alice", "still held until claimed");
        (IHandles.HandleStatus status, address holder,) = handles.handleStatus("alice");
        assertEq(uint8(status), uint8(IHandles.HandleStatus.Expired));
        assertEq(holder, ALICE);
    }

    function test_Expiry_AnyoneMayClaimAndTheFormerHolderGetsTheBond() public {
        _claim(ALICE, "alice");
        vm.warp(block.timestamp + 365 days);
        vm.expectEmit(true, true, false, true, address(handles));
        emit IHandles.HandleLapsed(ALICE, "alice", BOB);
        vm.expectEmit(true, false, false, true, address(handles));
        emit IHandles.HandleClaimed(BOB, "alice", uint48(block.timestamp + 365 days), bond);
        _claim(BOB, "alice");
        assertEq(handles.holderOf("alice"), BOB);
        (string memory handle, uint48 expiresAt) = handles.holdingOf(ALICE);
        assertEq(handle, "", "alice lost it");
        assertEq(expiresAt, 0);
        (uint256 owed, uint48 availableAt) = handles.bondOwed(ALICE);
        assertEq(owed, bond, "alice's bond is owed");
        assertEq(availableAt, block.timestamp, "at once");
        assertEq(address(handles).balance, 2 * bond, "both bonds held");
        uint256 before = ALICE.balance;
        vm.prank(ALICE);
        handles.withdrawBond();
        assertEq(ALICE.balance, before + bond, "alice got her bond back");
        // She may claim another one.
        _claim(ALICE, "alice-again");
        assertEq(handles.handleOf(ALICE), "alice-again");
    }

    // ─── Release ─────────────────────────────────────────────────────────────────────────────────────────────────

    function test_Release_CoolsDownThenFrees() public {
        _claim(ALICE, "alice");
        uint48 until = uint48(block.timestamp + 30 days);
        vm.expectEmit(true, false, false, true, address(handles));
        emit IHandles.HandleReleased(ALICE, "alice", until, until);
        vm.prank(ALICE);
        handles.release();
        assertFalse(handles.isVerified(ALICE));
        assertEq(handles.holderOf("alice"), address(0));
        (IHandles.HandleStatus status,, uint48 statusUntil) = handles.handleStatus("alice");
        assertEq(uint8(status), uint8(IHandles.HandleStatus.CoolingDown));
        assertEq(statusUntil, until);

        // Nobody, the releaser included, claims it during the cooldown.
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesCoolingDown.selector, "alice", until));
        _claim(BOB, "alice");
        vm.warp(until - 1);
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesCoolingDown.selector, "alice", until));
        _claim(ALICE, "alice");
        // Nor is the bond withdrawable.
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesBondLocked.selector, ALICE, until));
        vm.prank(ALICE);
        handles.withdrawBond();

        vm.warp(until);
        (status,,) = handles.handleStatus("alice");
        assertEq(uint8(status), uint8(IHandles.HandleStatus.Free));
        _claim(BOB, "alice");
        assertEq(handles.holderOf("alice"), BOB);
        uint256 before = ALICE.balance;
        vm.expectEmit(true, true, false, true, address(handles));
        emit IHandles.BondWithdrawn(ALICE, ALICE, bond);
        vm.prank(ALICE);
        handles.withdrawBond();
        assertEq(ALICE.balance, before + bond);
        assertEq(address(handles).balance, bond, "only bob's bond is left");
    }

    function test_Release_TheReleaserMayClaimAnotherHandleAtOnce() public {
        _claim(ALICE, "alice");
        vm.prank(ALICE);
        handles.release();
        _claim(ALICE, "alice-two");
        assertEq(handles.handleOf(ALICE), "alice-two");
        assertEq(address(handles).balance, 2 * bond);
    }

    function test_Release_OfAnExpiredHandle() public {
        _claim(ALICE, "alice");
        vm.warp(block.timestamp + 500 days);
        vm.prank(ALICE);
        handles.release();
        (uint256 owed, uint48 availableAt) = handles.bondOwed(ALICE);
        assertEq(owed, bond);
        assertEq(availableAt, block.timestamp + 30 days);
    }

    function test_Release_BondsOwedAddUpAndWaitForTheLatestRelease() public {
        _claim(ALICE, "alice");
        vm.prank(ALICE);
        handles.release();
        vm.warp(block.timestamp + 10 days);
        _claim(ALICE, "alice-two");
        vm.prank(ALICE);
        handles.release();
        (uint256 owed, uint48 availableAt) = handles.bondOwed(ALICE);
        assertEq(owed, 2 * bond);
        assertEq(availableAt, block.timestamp + 30 days, "the later date");
        // A lapse, a year after the claim, makes everything owed available at once.
        vm.warp(block.timestamp + 1 days);
        _claim(ALICE, "alice-three");
        vm.warp(block.timestamp + 365 days);
        _claim(BOB, "alice-three");
        (owed, availableAt) = handles.bondOwed(ALICE);
        assertEq(owed, 3 * bond);
        assertEq(availableAt, block.timestamp, "all available now");
    }

    function test_RevertWhen_ReleaseWithoutAHandle() public {
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesNoHandle.selector, ALICE));
        vm.prank(ALICE);
        handles.release();
        // Nor after a lapse: the handle is someone else's.
        _claim(ALICE, "alice");
        vm.warp(block.timestamp + 365 days);
        _claim(BOB, "alice");
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesNoHandle.selector, ALICE));
        vm.prank(ALICE);
        handles.release();
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesNoHandle.selector, ALICE));
        vm.prank(ALICE);
        handles.renew();
    }

    // ─── Withdraw ────────────────────────────────────────────────────────────────────────────────────────────────

    function test_RevertWhen_NothingToWithdraw() public {
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesNothingToWithdraw.selector, ALICE));
        vm.prank(ALICE);
        handles.withdrawBond();
        _claim(ALICE, "alice");
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesNothingToWithdraw.selector, ALICE));
        vm.prank(ALICE);
        handles.withdrawBondTo(BOB);
    }

    function test_WithdrawOnceOnly() public {
        _claim(ALICE, "alice");
        vm.prank(ALICE);
        handles.release();
        vm.warp(block.timestamp + 30 days);
        vm.prank(ALICE);
        handles.withdrawBond();
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesNothingToWithdraw.selector, ALICE));
        vm.prank(ALICE);
        handles.withdrawBond();
        assertEq(address(handles).balance, 0);
    }

    function test_WithdrawTo_ForAnAccountThatRefusesEth() public {
        HandlesTestRefuser refuser = new HandlesTestRefuser{value: 1 ether}(handles);
        refuser.claim("wallet");
        refuser.release();
        vm.warp(block.timestamp + 30 days);
        vm.expectRevert(abi.encodeWithSelector(IHandles.HandlesTransferFailed.selector, address(refuser), bond));
        refuser.withdrawBond();
        uint256 before = CAROL.balance;
        vm.expectEmit(true, true, false, true, address(handles));
        emit IHandles.BondWithdrawn(address(refuser), CAROL, bond);
        refuser.withdrawBondTo(CAROL);
        assertEq(CAROL.balance, before + bond);
        assertEq(address(handles).balance, 0);
    }

    function test_Withdraw_ReentryFindsNothing() public {
        HandlesTestReentrant reentrant = new HandlesTestReentrant{value: 1 ether}(handles);
        reentrant.claimAndRelease("reentrant");
        vm.warp(block.timestamp + 30 days);
        reentrant.withdrawBond();
        assertTrue(reentrant.reentered(), "reentered");
        assertTrue(reentrant.reentryRefused(), "refused: nothing left");
        assertEq(address(handles).balance, 0);
        assertEq(address(reentrant).balance, 1 ether);
    }

    // ─── Views ───────────────────────────────────────────────────────────────────────────────────────────────────

    function test_Views_OfUnknownAndInvalidHandles() public view {
        assertEq(handles.holderOf("nobody"), address(0));
        assertEq(handles.holderOf("Not Valid"), address(0));
        assertEq(handles.handleOf(ALICE), "");
        (IHandles.HandleStatus status, address holder, uint48 until) = handles.handleStatus("nobody");
        assertEq(uint8(status), uint8(IHandles.HandleStatus.Free));
        assertEq(holder, address(0));
        assertEq(until, 0);
        (status,,) = handles.handleStatus("Nobody");
        assertEq(uint8(status), uint8(IHandles.HandleStatus.Invalid));
        (string memory handle, uint48 expiresAt) = handles.holdingOf(ALICE);
        assertEq(handle, "");
        assertEq(expiresAt, 0);
    }

    /// @dev A claimed handle, whatever it is, reads back as itself everywhere.
    function testFuzz_ClaimedHandleReadsBack(uint256 seed, uint8 lengthSeed) public {
        bytes memory letters = "abcdefghijklmnopqrstuvwxyz0123456789";
        uint256 length = 3 + lengthSeed % 22;
        bytes memory raw = new bytes(length);
        for (uint256 i; i < length; ++i) {
            raw[i] = letters[uint256(keccak256(abi.encode(seed, i))) % (i == 0 ? 26 : 36)];
        }
        _claim(ALICE, string(raw));
        assertEq(handles.handleOf(ALICE), string(raw));
        assertEq(handles.holderOf(string(raw)), ALICE);
    }
}
