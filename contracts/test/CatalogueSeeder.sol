// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {IChannels} from "../interfaces/IChannels.sol";
import {IComments} from "../interfaces/IComments.sol";
import {IVideos} from "../interfaces/IVideos.sol";

/// @notice One creator of the generated benchmark catalogue (scripts/catalogue.ts): an account of its own (a contract,
/// so that thousands of creators need no keys or funding), acting only for the seeder that made it. Test-only code:
/// never deployed outside a local benchmark chain.
contract CatalogueCreator {
    error CatalogueCreatorNotSeeder(address caller);

    address private immutable _SEEDER;

    constructor() {
        _SEEDER = msg.sender;
    }

    /// @notice Calls `target` with `data` as this creator; bubbles up a revert.
    function act(address target, bytes calldata data) external returns (bytes memory result) {
        if (msg.sender != _SEEDER) revert CatalogueCreatorNotSeeder(msg.sender);
        bool ok;
        (ok, result) = target.call(data);
        if (!ok) {
            assembly ("memory-safe") {
                revert(add(result, 32), mload(result))
            }
        }
    }
}

/// @notice Fills a local chain with a large catalogue in few transactions: every video, channel, vote and comment is a
/// real call to the real contracts, so the indexer reads the same events as from users — only batched, many per
/// transaction. Manifest CIDs are valid dag-pb CIDv1s derived from the video's number (no content behind them).
contract CatalogueSeeder {
    IVideos private immutable _VIDEOS;
    IChannels private immutable _CHANNELS;
    IComments private immutable _COMMENTS;

    CatalogueCreator[] public creators;

    constructor(IVideos videos_, IChannels channels_, IComments comments_) {
        _VIDEOS = videos_;
        _CHANNELS = channels_;
        _COMMENTS = comments_;
    }

    function creatorCount() external view returns (uint256) {
        return creators.length;
    }

    /// @notice Makes `count` more creators.
    function addCreators(uint256 count) external {
        for (uint256 i; i < count; ++i) {
            creators.push(new CatalogueCreator());
        }
    }

    /// @notice Publishes videos `first` to `first + count - 1` (catalogue numbering), video n by creator
    /// `n % creators`; every `commentEvery`-th video gets a comment by the next creator (0: none).
    function publish(uint256 first, uint256 count, uint256 commentEvery) external {
        uint256 creatorTotal = creators.length;
        for (uint256 n = first; n < first + count; ++n) {
            bytes memory result = creators[n % creatorTotal].act(
                address(_VIDEOS), abi.encodeCall(IVideos.publish, (_cid("video", n)))
            );
            if (commentEvery != 0 && n % commentEvery == 0) {
                uint256 videoId = abi.decode(result, (uint256));
                creators[(n + 1) % creatorTotal].act(
                    address(_COMMENTS),
                    abi.encodeCall(IComments.comment, (IComments.PostKind.Video, videoId, 0, "A comment from the catalogue"))
                );
            }
        }
    }

    /// @notice Creates community channels `first` to `first + count - 1` (catalogue numbering), each founded by three
    /// consecutive creators with a two-vote threshold, and releases `releasesEach` videos in each: a founder submits
    /// (its own yes vote), the next founder's vote releases it.
    function createChannels(uint256 first, uint256 count, uint256 releasesEach) external {
        uint256 creatorTotal = creators.length;
        for (uint256 c = first; c < first + count; ++c) {
            CatalogueCreator a = creators[(3 * c) % creatorTotal];
            CatalogueCreator b = creators[(3 * c + 1) % creatorTotal];
            address[] memory founders = new address[](3);
            founders[0] = address(a);
            founders[1] = address(b);
            founders[2] = address(creators[(3 * c + 2) % creatorTotal]);
            IChannels.Rules memory rules = IChannels.Rules({
                submitters: IChannels.Submitters.MembersOnly,
                thresholdKind: IChannels.ThresholdKind.Absolute,
                threshold: 2,
                votingPeriod: 7 days
            });
            bytes memory created = a.act(
                address(_CHANNELS),
                abi.encodeCall(IChannels.createChannel, (_cid("meta", c), _cid("policy", c), founders, rules))
            );
            uint256 channelId = abi.decode(created, (uint256));
            for (uint256 r; r < releasesEach; ++r) {
                bytes memory proposed = a.act(
                    address(_CHANNELS),
                    abi.encodeCall(IChannels.submitVideo, (channelId, _cid("release", c * 1_000 + r)))
                );
                b.act(address(_CHANNELS), abi.encodeCall(IChannels.vote, (abi.decode(proposed, (uint256)), true)));
            }
        }
    }

    /// @dev A binary dag-pb CIDv1 with a sha2-256 multihash of (`kind`, `n`).
    function _cid(string memory kind, uint256 n) private pure returns (bytes memory) {
        return abi.encodePacked(hex"01701220", keccak256(abi.encode(kind, n)));
    }
}
