// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {Test} from "forge-std/Test.sol";
import {IStorageEscrow} from "../../contracts/interfaces/IStorageEscrow.sol";
import {StorageEscrow} from "../../contracts/StorageEscrow.sol";
import {StorageMerkle} from "../../contracts/libraries/StorageMerkle.sol";
import {StorageEscrowTestToken} from "../../contracts/test/StorageEscrowTestToken.sol";

/// @dev Deterministic calls whose gas can be committed in `.gas-snapshot`. The state is warm as on a live chain: the
/// keeper proving has proven the period before (its balance, the token's totals and its proven-periods word are
/// non-zero). The deal is a 1 GiB video: 2^22 segments of 256 bytes, so every proof has 22 siblings.
///
/// The tree is sparse: the two challenged leaves are real (their segments are known bytes) and every other subtree is
/// an arbitrary hash, which is what a tree over unknown bytes looks like to the contract. The challenges are fixed by
/// setting the seed blocks' hashes (`vm.setBlockhash`), so the tree can be built before the deal exists.
contract StorageEscrowGasTest is Test {
    StorageEscrow internal escrow;
    StorageEscrowTestToken internal token;

    uint256 internal constant DEAL = 1;
    uint256 internal constant OTHER_DEAL = 2;
    uint64 internal constant SIZE = 1 << 30; // 1 GiB
    uint256 internal constant DEPTH = 22;
    uint32 internal constant PERIOD = 1 hours;
    uint48 internal constant START = 1_000_000;
    uint128 internal constant PRICE = 1e15;
    uint128 internal constant STAKE = 1e18;

    address internal constant FUNDER = address(0xF0);
    address internal constant KEEPER = address(0xA11CE);
    address internal constant SECOND = address(0xB0B);
    address internal constant IDLE = address(0xCA201);

    bytes32 internal constant SEED_0 = keccak256("seed for period 0");
    bytes32 internal constant SEED_1 = keccak256("seed for period 1");
    bytes internal constant CID = hex"01701220c3c4733ec8affd06cf9e9ff50ffc6bcd2ec85a6170004bb709669c31de94391a";

    /// @dev `abi.encodeCall(IStorageEscrow.prove, (DEAL, 1, segment, proof))` for the keeper's period-1 challenge: a
    /// constant, so that the measured call reads no storage of this harness (setUp checks it against the tree it
    /// builds).
    bytes internal constant PROVE_PERIOD_1 =
        hex"bcdc97ee000000000000000000000000000000000000000000000000000000000000000100000000000000000000000000000000"
        hex"00000000000000000000000000000001000000000000000000000000000000000000000000000000000000000000008000000000"
        hex"000000000000000000000000000000000000000000000000000001a0000000000000000000000000000000000000000000000000"
        hex"00000000000001003763a80eb83706bb7ac864b41b0bd00921f94495a386b36616a82156545a68d884e5ee2ebbcc1278dbb3af55"
        hex"9a48b4d5f549231d85e716928a0eb1d9971ea15eaa8823de6244b997f016d3503685e2bfa7e071097466d12c607ef5d763a629b2"
        hex"9555e30dfff0401d497f77505e1cb50ded769b5e4929b797e53d9893c1808a0646839b2bf06f8b4d3a383feb1f8ae81d94cad224"
        hex"a50eb88a51fb0109616a2f57021073542662e20d7c1edef1ae242b7389d1b3b7cf51a8edf8285dbc8e7a8bc46dc9f622c0561703"
        hex"016b4553b171b20a157200458a3c77dd2ff7f33e23161fd546628b2e287b63c04c2ade7da88052d7eace071a7a99390a4d710138"
        hex"f1c9b12100000000000000000000000000000000000000000000000000000000000000160817c28b946c3e9c8e41b995f161a958"
        hex"9b08b51e45bbe59f505a88cd72856b60f356a129c6accba779793a550f64bb74a1c349209d25d9de1da062b6bfe44647661466bd"
        hex"26545100948dfad5ba30a1366dd399f2b8d886d0b5ba3d18e624dbf52d33afa1d9d8cd1d8a69c91690c725a587b2856aa29d0b32"
        hex"c9a68a0706868616b74ca1944eae7fb6081931927fde52c71ad66621efb5633ff28a3d52bf4d2145e0857e89263612818751fba2"
        hex"96640bdc6376f1725d2abb39c933f3d0ce9d57db0268bc2ee675db725cc86d458f8ef92824c4a778f5609e9d88604f0b6988d75e"
        hex"756c2689300a2b583a405ce93fa4809d64eed13d275204e893300b2a8bfc052db8cfd7d0be5e5229e81c8a6c75587710c3e5ad0f"
        hex"5cb295da9547085b9c086e7129f8460b1025c6fd624b009dc9f5f8d6c3979b48b30e0ec4788ea71ba10bffd92f02e8ec754a58e5"
        hex"ca999818e74809550a97e3c8d3e5e42e87c39a002f5c1b0fcac6177643c891068afa9c51e275b4a03f40d215bef187a3bf8fd330"
        hex"cbf2828159ddfbf8eff584d6b4a9b9405d94df3e0044659bb664d269e083558fed12ae81a07b91bc88ead1f3fcda8fcd8a436a00"
        hex"dfbc0e0cd3d18deac87fa2e5247afd24249d0282524857e1530582668815f08f386e2ff229bd49a58376b5ee7680af3650a013fd"
        hex"05588bfc133a431981a6dac966d02596cf4c209d841871208ba5669248c8ffda17868947caf51ecb5c06c788c7e65137baec5d64"
        hex"2ad0d3cc4e4b0c3207d57b93f73cef0153a5ca3e34efbad81ee5fe7a089879891410a572aaf5e54c2b88a7c412f6a4659ae544ed"
        hex"b779e6179a0f3e992db9a7010a7e60610d7a00f2b62cb6c791e37d3d0d7a83b1748c65a8ebf261f2d7c21636cf3631ea9620f982"
        hex"738115953463d93d9ca87ff0fd04fda56c2382aa6e4ac20d0c7c7909d3ca7db1cc7f5ce24adc8c41c7f79f0b5146aa2314675b1a"
        hex"12a43a483fc59681ca721bcb";

    function setUp() public {
        escrow = new StorageEscrow();
        token = new StorageEscrowTestToken();
        vm.warp(START - 1 days);
        vm.roll(100);

        uint256 count = StorageMerkle.segmentCount(SIZE);
        assertEq(StorageMerkle.depth(count), DEPTH, "depth of 1 GiB");
        uint64 index0 = uint64(uint256(keccak256(abi.encode(SEED_0, DEAL, KEEPER, uint32(0)))) % count);
        uint64 index1 = uint64(uint256(keccak256(abi.encode(SEED_1, DEAL, KEEPER, uint32(1)))) % count);
        bytes memory segment0 = _segmentBytes(index0);
        bytes memory segment1 = _segmentBytes(index1);
        (bytes32 root, bytes32[] memory proof0, bytes32[] memory proof1) =
            _sparseTree(index0, _leaf(index0, segment0), index1, _leaf(index1, segment1));
        assertEq(
            keccak256(PROVE_PERIOD_1),
            keccak256(abi.encodeCall(IStorageEscrow.prove, (DEAL, 1, segment1, proof1))),
            "PROVE_PERIOD_1 is the period-1 proof"
        );

        _mintAndApprove(FUNDER, 1e24);
        _mintAndApprove(KEEPER, 1e24);
        _mintAndApprove(SECOND, 1e24);
        _mintAndApprove(IDLE, 1e24);
        vm.startPrank(FUNDER);
        assertEq(escrow.createDeal(_terms(root, 3, START)), DEAL, "deal id");
        assertEq(escrow.createDeal(_terms(root, 3, START)), OTHER_DEAL, "other deal id");
        vm.stopPrank();
        vm.prank(KEEPER);
        escrow.join(DEAL);
        vm.prank(SECOND);
        escrow.join(DEAL);
        vm.prank(IDLE);
        escrow.join(DEAL);
        vm.prank(KEEPER);
        escrow.join(OTHER_DEAL);

        // Period 0: the keeper proves; the idle keeper does not.
        vm.warp(START);
        _request(KEEPER, SEED_0);
        vm.prank(KEEPER);
        escrow.prove(DEAL, 0, segment0, proof0);

        // Period 1: the keeper's challenge is drawn and readable; the second keeper's is not drawn yet. The keeper has
        // reported the second keeper's period-0 miss before: the reward's balances are warm, as for a reporter that
        // has reported before.
        vm.warp(START + PERIOD);
        vm.prank(KEEPER);
        escrow.reportMissed(DEAL, SECOND, 0);
        _request(KEEPER, SEED_1);
        assertEq(escrow.challenge(DEAL, KEEPER, 1), index1, "challenge for period 1");
    }

    /// @dev A proof over a 1 GiB video (22 siblings), by a keeper that proved the period before.
    function test_Gas_Prove() public {
        vm.prank(KEEPER);
        (bool proven,) = address(escrow).call(PROVE_PERIOD_1);
        assertTrue(proven, "proof accepted");
    }

    /// @dev A keeper's challenge request for the current period.
    function test_Gas_RequestChallenge() public {
        vm.prank(SECOND);
        escrow.requestChallenge(DEAL);
    }

    /// @dev Reporting a missed period (the idle keeper's period 0): one slash, half of it to the reporter, no
    /// eviction; by a reporter that reported before.
    function test_Gas_ReportMissed() public {
        vm.prank(KEEPER);
        escrow.reportMissed(DEAL, IDLE, 0);
    }

    /// @dev Evicting a keeper that never proves, in one transaction: its five missed periods (maxMisses) in one batch.
    function test_Gas_ReportMissedBatchEvicts() public {
        vm.warp(START + 5 * PERIOD);
        address[] memory keepers = new address[](5);
        uint32[] memory periods = new uint32[](5);
        for (uint256 i; i < 5; ++i) {
            keepers[i] = IDLE;
            periods[i] = uint32(i);
        }
        vm.prank(KEEPER);
        escrow.reportMissedBatch(DEAL, keepers, periods);
    }

    /// @dev A second keeper joining a deal, with an ERC-20 stake.
    function test_Gas_Join() public {
        vm.prank(SECOND);
        escrow.join(OTHER_DEAL);
    }

    /// @dev A deal paid in an ERC-20.
    function test_Gas_CreateDeal() public {
        vm.prank(FUNDER);
        escrow.createDeal(_terms(bytes32(uint256(1)), 3, uint48(block.timestamp + 1 days)));
    }

    /// @dev A keeper taking out its earnings in an ERC-20.
    function test_Gas_Withdraw() public {
        vm.prank(KEEPER);
        escrow.withdraw(address(token));
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

    function _request(address keeper, bytes32 seed) internal {
        vm.prank(keeper);
        escrow.requestChallenge(DEAL);
        vm.setBlockhash(block.number, seed);
        vm.roll(block.number + 1);
    }

    function _terms(bytes32 root, uint8 replicas, uint48 start)
        internal
        view
        returns (IStorageEscrow.DealTerms memory)
    {
        return IStorageEscrow.DealTerms({
            cid: CID,
            size: SIZE,
            root: root,
            replicas: replicas,
            start: start,
            periodSeconds: PERIOD,
            periods: 24 * 30,
            token: address(token),
            pricePerPeriod: PRICE,
            stakePerReplica: STAKE,
            slashPerMiss: STAKE / 10,
            maxMisses: 5
        });
    }

    function _mintAndApprove(address account, uint256 amount) internal {
        token.mint(account, amount);
        vm.prank(account);
        token.approve(address(escrow), type(uint256).max);
    }

    function _segmentBytes(uint64 index) internal pure returns (bytes memory segment) {
        segment = new bytes(StorageMerkle.SEGMENT_SIZE);
        for (uint256 i; i < segment.length; i += 32) {
            bytes32 word = keccak256(abi.encode(index, i));
            assembly ("memory-safe") {
                mstore(add(add(segment, 0x20), i), word)
            }
        }
    }

    function _leaf(uint64 index, bytes memory segment) internal pure returns (bytes32) {
        return keccak256(abi.encodePacked(uint256(index), segment));
    }

    /// @dev A depth-DEPTH tree in which leaves `a` and `b` are given and every other subtree is an arbitrary hash;
    /// returns its root and the two leaves' proofs.
    function _sparseTree(uint64 a, bytes32 leafA, uint64 b, bytes32 leafB)
        internal
        pure
        returns (bytes32 root, bytes32[] memory proofA, bytes32[] memory proofB)
    {
        proofA = new bytes32[](DEPTH);
        proofB = new bytes32[](DEPTH);
        (bytes32 nodeA, bytes32 nodeB) = (leafA, leafB);
        for (uint256 level; level < DEPTH; ++level) {
            bytes32 filler = keccak256(abi.encode("unknown subtree", level));
            if (a != b && a >> 1 == b >> 1) {
                (proofA[level], proofB[level]) = (nodeB, nodeA);
            } else {
                (proofA[level], proofB[level]) = (filler, filler);
            }
            nodeA = _parent(nodeA, proofA[level], a);
            nodeB = _parent(nodeB, proofB[level], b);
            a >>= 1;
            b >>= 1;
        }
        assertEq(nodeA, nodeB, "both paths meet at the root");
        root = nodeA;
    }

    function _parent(bytes32 node, bytes32 sibling, uint64 index) internal pure returns (bytes32) {
        return index & 1 == 0 ? keccak256(abi.encode(node, sibling)) : keccak256(abi.encode(sibling, node));
    }
}
