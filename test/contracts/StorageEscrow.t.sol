// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {IStorageEscrow} from "../../contracts/interfaces/IStorageEscrow.sol";
import {StorageEscrow} from "../../contracts/StorageEscrow.sol";
import {StorageMerkle} from "../../contracts/libraries/StorageMerkle.sol";
import {StorageEscrowTestToken} from "../../contracts/test/StorageEscrowTestToken.sol";
import {StorageMerkleTestTree} from "../../contracts/test/StorageMerkleTestTree.sol";

/// @dev Exposes {StorageMerkle} with calldata arguments, as the escrow calls it.
contract StorageMerkleHarness {
    function leaf(uint256 index, bytes calldata segment) external pure returns (bytes32) {
        return StorageMerkle.leaf(index, segment);
    }

    function processProof(bytes32 leafHash, uint256 index, bytes32[] calldata proof) external pure returns (bytes32) {
        return StorageMerkle.processProof(leafHash, index, proof);
    }
}

/// @dev Fuzz tests of the Merkle scheme against the reference tree, and of the escrow's money against a model: what
/// was deposited, earned, slashed and refunded, for any pattern of proofs and misses.
contract StorageEscrowTest is Test {
    StorageEscrow internal escrow;
    StorageEscrowTestToken internal token;
    StorageMerkleHarness internal merkle;

    bytes internal constant CID = hex"01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";
    uint32 internal constant PERIOD = 1 hours;
    uint48 internal constant START = 1_000_000;
    address internal constant FUNDER = address(0xF0);
    address internal constant ALICE = address(0xA11CE);
    address internal constant BOB = address(0xB0B);
    address internal constant CAROL = address(0xCA201);
    address internal constant ETH = address(0);
    uint128 internal constant PRICE = 1e15;
    uint128 internal constant STAKE = 1e17;
    /// @dev The content every deal here stores: 5 KiB and a bit, 21 segments, a tree of depth 5.
    uint256 internal constant SIZE = 20 * 256 + 100;

    bytes internal _content;
    bytes32[][] internal _levels;

    function setUp() public {
        escrow = new StorageEscrow();
        token = new StorageEscrowTestToken();
        merkle = new StorageMerkleHarness();
        vm.warp(START - 1 days);
        vm.roll(1_000);
        _content = StorageMerkleTestTree.content(SIZE, "content");
        _levels = StorageMerkleTestTree.levels(_content);
        for (uint256 i; i < 4; ++i) {
            address account = [FUNDER, ALICE, BOB, CAROL][i];
            vm.deal(account, 1e30);
            token.mint(account, 1e30);
            vm.prank(account);
            token.approve(address(escrow), type(uint256).max);
        }
    }

    // ─── The Merkle scheme ───────────────────────────────────────────────────────────────────────────────────────

    /// @dev For any content size and segment, the library recomputes the reference root from the segment and its
    /// proof, and the counts and lengths agree with the reference.
    function testFuzz_ProofOfAnySegmentLeadsToTheRoot(uint256 sizeSeed, uint256 indexSeed, bytes32 salt) public view {
        uint256 size = bound(sizeSeed, 1, 40 * 256);
        bytes memory content = StorageMerkleTestTree.content(size, salt);
        bytes32[][] memory levels = StorageMerkleTestTree.levels(content);
        uint256 count = StorageMerkle.segmentCount(size);
        assertEq(count, levels[0].length, "segment count");
        assertEq(StorageMerkle.depth(count), levels.length - 1, "depth");
        uint256 index = bound(indexSeed, 0, count - 1);
        bytes memory segment = StorageMerkleTestTree.segment(content, index);
        assertEq(StorageMerkle.segmentLength(size, index), segment.length, "segment length");
        bytes32 leaf = merkle.leaf(index, segment);
        assertEq(leaf, levels[0][index], "leaf");
        bytes32[] memory proof = StorageMerkleTestTree.proof(levels, index);
        assertEq(merkle.processProof(leaf, index, proof), StorageMerkleTestTree.root(levels), "root");
    }

    /// @dev Changing any byte of the segment, any sibling, or the index leads elsewhere than the root.
    function testFuzz_TamperedProofMissesTheRoot(uint256 sizeSeed, uint256 indexSeed, uint256 tamperSeed, bytes32 salt)
        public
        view
    {
        uint256 size = bound(sizeSeed, 257, 40 * 256); // at least two segments, so a proof has a sibling
        bytes memory content = StorageMerkleTestTree.content(size, salt);
        bytes32[][] memory levels = StorageMerkleTestTree.levels(content);
        bytes32 root = StorageMerkleTestTree.root(levels);
        uint256 count = levels[0].length;
        uint256 index = bound(indexSeed, 0, count - 1);
        bytes memory segment = StorageMerkleTestTree.segment(content, index);
        bytes32[] memory proof = StorageMerkleTestTree.proof(levels, index);

        uint256 what = tamperSeed % 3;
        if (what == 0) {
            uint256 position = (tamperSeed >> 8) % segment.length;
            segment[position] = bytes1(uint8(segment[position]) ^ 0x01);
        } else if (what == 1) {
            uint256 position = (tamperSeed >> 8) % proof.length;
            proof[position] = bytes32(uint256(proof[position]) ^ 1);
        } else {
            index = (index + 1 + (tamperSeed >> 8) % (count - 1)) % count;
        }
        assertNotEq(merkle.processProof(merkle.leaf(index, segment), index, proof), root, "tampered proof");
    }

    // ─── Deals ───────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev The deposit is replicas × periods × price, taken exactly; any other ETH amount is refused.
    function testFuzz_DepositIsTheFullCost(uint8 replicasSeed, uint32 periodsSeed, uint128 priceSeed, bool inToken)
        public
    {
        uint8 replicas = uint8(bound(replicasSeed, 1, 16));
        uint32 periods = uint32(bound(periodsSeed, 1, 10_000));
        uint128 price = uint128(bound(priceSeed, 1, 1e24));
        IStorageEscrow.DealTerms memory terms = _terms(replicas, periods, price, price, price, 1, inToken);
        uint256 cost = uint256(replicas) * periods * price;
        if (!inToken) {
            vm.expectRevert(abi.encodeWithSelector(IStorageEscrow.StorageEscrowValueMismatch.selector, cost, cost - 1));
            vm.prank(FUNDER);
            escrow.createDeal{value: cost - 1}(terms);
        }
        vm.prank(FUNDER);
        uint256 dealId = escrow.createDeal{value: inToken ? 0 : cost}(terms);
        assertEq(escrow.deal(dealId).deposit, cost, "deposit");
        assertEq(inToken ? token.balanceOf(address(escrow)) : address(escrow).balance, cost, "escrow balance");
        assertEq(escrow.totals(inToken ? address(token) : ETH).deposited, cost, "deposited");
    }

    /// @dev A top-up adds its periods and their cost, and moves the end by as many periods.
    function testFuzz_TopUpExtendsTheDeal(uint32 addedSeed, uint256 waitSeed) public {
        uint256 dealId = _createDeal(2, 10, 1e15, 1e17, 1e16, 3, false);
        uint32 added = uint32(bound(addedSeed, 1, 1_000_000));
        vm.warp(START + bound(waitSeed, 0, 10 * PERIOD - 1));
        IStorageEscrow.DealView memory before = escrow.deal(dealId);
        uint256 cost = 2 * uint256(added) * 1e15;
        vm.prank(FUNDER);
        escrow.topUp{value: cost}(dealId, added);
        IStorageEscrow.DealView memory afterwards = escrow.deal(dealId);
        assertEq(afterwards.periods, before.periods + added, "periods");
        assertEq(afterwards.deposit, before.deposit + cost, "deposit");
        assertEq(afterwards.end, before.end + uint256(added) * PERIOD, "end");
        assertEq(afterwards.funder, FUNDER, "the funder is still refunded");
    }

    /// @dev For any pattern of proofs by two keepers over a whole deal (no evictions): each keeper is paid exactly
    /// price × its proofs and slashed min(misses × slash, stake); the funder gets back everything else; once all have
    /// withdrawn the escrow holds nothing.
    function testFuzz_MoneyFollowsProofs(uint256 pattern, uint8 periodsSeed, uint128 slashSeed, bool inToken) public {
        uint32 periods = uint32(bound(periodsSeed, 1, 12));
        uint128 slash = uint128(bound(slashSeed, PRICE, STAKE));
        uint256 dealId = _createDeal(2, periods, PRICE, STAKE, slash, type(uint32).max, inToken);
        _join(dealId, ALICE, STAKE, inToken);
        _join(dealId, BOB, STAKE, inToken);

        uint256[2] memory proofs;
        for (uint32 p; p < periods; ++p) {
            vm.warp(START + uint256(p) * PERIOD + 1);
            for (uint256 k; k < 2; ++k) {
                if ((pattern >> (2 * p + k)) & 1 == 1) {
                    _prove(dealId, k == 0 ? ALICE : BOB, p);
                    ++proofs[k];
                }
            }
        }
        vm.warp(START + uint256(periods) * PERIOD);
        escrow.release(dealId, ALICE);
        escrow.release(dealId, BOB);

        uint256 slashed = _checkKeeper(dealId, ALICE, periods, proofs[0], slash, inToken)
            + _checkKeeper(dealId, BOB, periods, proofs[1], slash, inToken);
        uint256 refund = 2 * uint256(periods) * PRICE - (proofs[0] + proofs[1]) * PRICE + slashed;
        if (refund == 0) {
            vm.expectRevert(abi.encodeWithSelector(IStorageEscrow.StorageEscrowNothingToRefund.selector, dealId));
        }
        escrow.refund(dealId);
        assertEq(escrow.balanceOf(FUNDER, _token(inToken)), refund, "funder refunded the rest");
        _withdrawAll(inToken);
        assertEq(_balance(inToken), 0, "nothing left in escrow");
    }

    /// @dev Checks a released keeper's counts and balance against `proofs` proofs over `periods` periods; returns
    /// what it was slashed.
    function _checkKeeper(uint256 dealId, address keeper, uint32 periods, uint256 proofs, uint128 slash, bool inToken)
        internal
        view
        returns (uint256 slashed)
    {
        uint256 misses = periods - proofs;
        slashed = misses * slash < STAKE ? misses * slash : STAKE;
        IStorageEscrow.KeeperView memory k = escrow.keeper(dealId, keeper);
        assertEq(k.proven, proofs, "proven periods");
        assertEq(k.misses, misses, "misses");
        assertEq(escrow.balanceOf(keeper, _token(inToken)), proofs * PRICE + STAKE - slashed, "paid per proof");
    }

    /// @dev Reporting every miss as it happens: a keeper is evicted exactly at its maxMisses-th miss, the slashes
    /// never exceed its stake (half of each to the reporter, the rest into the deal), and its slot reopens.
    function testFuzz_EvictionAtMaxMisses(uint256 pattern, uint8 maxMissesSeed, uint128 stakeSeed, uint128 slashSeed)
        public
    {
        uint32 periods = 12;
        uint32 maxMisses = uint32(bound(maxMissesSeed, 1, 6));
        uint128 stake = uint128(bound(stakeSeed, 1e15, 1e20));
        uint128 slash = uint128(bound(slashSeed, 1e15, stake));
        uint256 dealId = _createDeal(1, periods, 1e15, stake, slash, maxMisses, false);
        _join(dealId, ALICE, stake, false);

        uint256 misses;
        uint256 slashed;
        for (uint32 p; p < periods; ++p) {
            vm.warp(START + uint256(p) * PERIOD + 1);
            if (p > 0 && (pattern >> (p - 1)) & 1 == 0) {
                // Period p - 1 was missed: report it now.
                uint256 take = slash < stake - slashed ? slash : stake - slashed;
                uint256 rewardBefore = escrow.balanceOf(CAROL, ETH);
                vm.prank(CAROL);
                escrow.reportMissed(dealId, ALICE, p - 1);
                assertEq(escrow.balanceOf(CAROL, ETH) - rewardBefore, take / 2, "the reporter earns half the slash");
                ++misses;
                slashed += take;
                IStorageEscrow.DealView memory d = escrow.deal(dealId);
                assertEq(d.slashed + d.rewarded, slashed, "slashed so far");
                if (misses == maxMisses) {
                    IStorageEscrow.KeeperView memory k = escrow.keeper(dealId, ALICE);
                    assertEq(uint8(k.status), uint8(IStorageEscrow.KeeperStatus.Evicted), "evicted");
                    assertEq(escrow.balanceOf(ALICE, ETH), (p - misses) * 1e15 + stake - slashed, "rest returned");
                    assertEq(escrow.keeperAt(dealId, 0), address(0), "slot free");
                    break;
                }
            }
            if ((pattern >> p) & 1 == 1) _prove(dealId, ALICE, p);
        }
        assertLe(escrow.deal(dealId).slashed + escrow.deal(dealId).rewarded, stake, "never more than the stake");
        bool evicted = escrow.keeper(dealId, ALICE).status == IStorageEscrow.KeeperStatus.Evicted;
        assertEq(evicted, misses >= maxMisses, "evicted iff maxMisses reached");
    }

    /// @dev The challenge is always a segment of the content, and is the hash of the seed block, deal, keeper and
    /// period modulo the segment count.
    function testFuzz_ChallengeIsASegment(bytes32 seedHash, uint256 waitBlocks) public {
        vm.assume(seedHash != 0);
        uint256 dealId = _createDeal(1, 3, 1e15, 1e15, 1e15, 1, false);
        _join(dealId, ALICE, 1e15, false);
        vm.warp(START + 1);
        vm.prank(ALICE);
        escrow.requestChallenge(dealId);
        uint256 seedBlock = block.number;
        vm.setBlockhash(seedBlock, seedHash);
        vm.roll(seedBlock + bound(waitBlocks, 1, 256));
        uint64 index = escrow.challenge(dealId, ALICE, 0);
        assertLt(index, StorageMerkle.segmentCount(SIZE), "a segment of the content");
        assertEq(index, uint256(keccak256(abi.encode(seedHash, dealId, ALICE, uint32(0)))) % 21, "the documented draw");
    }

    /// @dev A chain that serves a zero hash for the seed block inside the window: no challenge is drawn from it (it
    /// would be known to everyone in advance), and the keeper may request again and prove from the new seed. Outside
    /// the window (an expired challenge, on any chain) a second request is still refused.
    function testFuzz_ZeroBlockhashIsNeverASeed(uint256 waitBlocks) public {
        uint256 dealId = _createDeal(1, 3, 1e15, 1e15, 1e15, 1, false);
        _join(dealId, ALICE, 1e15, false);
        vm.warp(START + 1);
        vm.prank(ALICE);
        escrow.requestChallenge(dealId);
        uint256 seedBlock = block.number;
        vm.setBlockhash(seedBlock, bytes32(0));
        vm.roll(seedBlock + bound(waitBlocks, 1, 256));
        vm.expectRevert(
            abi.encodeWithSelector(
                IStorageEscrow.StorageEscrowNoBlockhash.selector, dealId, ALICE, uint64(seedBlock)
            )
        );
        escrow.challenge(dealId, ALICE, 0);
        _prove(dealId, ALICE, 0); // requests again, then answers the new challenge
        assertEq(escrow.keeper(dealId, ALICE).proven, 1, "proven from the new seed");

        // An expired challenge is no reason to draw another: that would let a keeper pick its challenge.
        vm.warp(START + PERIOD + 1);
        vm.prank(ALICE);
        escrow.requestChallenge(dealId);
        vm.roll(block.number + 257);
        vm.expectRevert(
            abi.encodeWithSelector(
                IStorageEscrow.StorageEscrowChallengeAlreadyRequested.selector, dealId, ALICE, uint32(1)
            )
        );
        vm.prank(ALICE);
        escrow.requestChallenge(dealId);
    }

    /// @dev Several blocks may share a timestamp: a keeper proves period 2 and leaves, and another joins its slot, all
    /// in the second period 2 opens. The newcomer serves from period 3, so the slot's period 2 is paid once (a joiner
    /// at a period's opening second serves that period only if its slot is free for it).
    function test_JoinerNeverServesAPeriodItsSlotAlreadyServed() public {
        uint256 dealId = _createDeal(1, 6, PRICE, STAKE, PRICE, 3, false);
        _join(dealId, ALICE, STAKE, false);
        vm.warp(START + 2 * PERIOD);
        _prove(dealId, ALICE, 2);
        vm.prank(ALICE);
        escrow.leaveDeal(dealId);
        assertEq(escrow.keeper(dealId, ALICE).endPeriod, 3, "Alice's tenure includes period 2");
        _join(dealId, BOB, STAKE, false);
        assertEq(escrow.keeper(dealId, BOB).firstPeriod, 3, "Bob serves from period 3");
        vm.prank(BOB);
        vm.expectRevert(
            abi.encodeWithSelector(IStorageEscrow.StorageEscrowNotDue.selector, dealId, BOB, uint32(2), uint32(3))
        );
        escrow.requestChallenge(dealId);
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _terms(
        uint8 replicas,
        uint32 periods,
        uint128 price,
        uint128 stake,
        uint128 slash,
        uint32 maxMisses,
        bool inToken
    ) internal view returns (IStorageEscrow.DealTerms memory) {
        return IStorageEscrow.DealTerms({
            cid: CID,
            size: uint64(SIZE),
            root: StorageMerkleTestTree.root(_levels),
            replicas: replicas,
            start: START,
            periodSeconds: PERIOD,
            periods: periods,
            token: _token(inToken),
            pricePerPeriod: price,
            stakePerReplica: stake,
            slashPerMiss: slash,
            maxMisses: maxMisses
        });
    }

    function _createDeal(
        uint8 replicas,
        uint32 periods,
        uint128 price,
        uint128 stake,
        uint128 slash,
        uint32 maxMisses,
        bool inToken
    ) internal returns (uint256) {
        IStorageEscrow.DealTerms memory terms = _terms(replicas, periods, price, stake, slash, maxMisses, inToken);
        uint256 cost = uint256(replicas) * periods * price;
        vm.prank(FUNDER);
        return escrow.createDeal{value: inToken ? 0 : cost}(terms);
    }

    function _join(uint256 dealId, address keeper, uint128 stake, bool inToken) internal {
        vm.prank(keeper);
        escrow.join{value: inToken ? 0 : stake}(dealId);
    }

    /// @dev Requests `keeper`'s challenge for the current period `period`, waits a block and answers it.
    function _prove(uint256 dealId, address keeper, uint32 period) internal {
        vm.prank(keeper);
        escrow.requestChallenge(dealId);
        vm.roll(block.number + 1);
        uint64 index = escrow.challenge(dealId, keeper, period);
        bytes memory segment = StorageMerkleTestTree.segment(_content, index);
        bytes32[] memory proof = StorageMerkleTestTree.proof(_levels, index);
        vm.prank(keeper);
        escrow.prove(dealId, period, segment, proof);
    }

    function _withdrawAll(bool inToken) internal {
        for (uint256 i; i < 4; ++i) {
            address account = [FUNDER, ALICE, BOB, CAROL][i];
            if (escrow.balanceOf(account, _token(inToken)) == 0) continue;
            vm.prank(account);
            escrow.withdraw(_token(inToken));
        }
    }

    function _token(bool inToken) internal view returns (address) {
        return inToken ? address(token) : ETH;
    }

    function _balance(bool inToken) internal view returns (uint256) {
        return inToken ? token.balanceOf(address(escrow)) : address(escrow).balance;
    }
}
