// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {StdInvariant} from "forge-std/StdInvariant.sol";
import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {IStories} from "../../contracts/interfaces/IStories.sol";
import {Stories} from "../../contracts/Stories.sol";

/// @dev Drives {Stories} with random posts (some with a malformed CID, a caption over the limit or a lifetime out of
/// bounds), deletions (by the creator or someone else, live or not) and time passing, against a reference model of
/// each story's creator, expiry and deletion written from test/invariant/README.md. Beside the model it rebuilds the
/// stories from the events alone.
contract StoriesHandler is Test {
    Stories public stories;

    uint256 public constant ACTORS = 4;

    struct GhostStory {
        address creator;
        uint40 postedAt;
        uint40 expiresAt;
        bool deleted;
    }

    uint256 public ghostStoryCount;
    mapping(uint256 storyId => GhostStory) internal _story;

    // From events alone.
    uint256 public eventStoryCount;
    mapping(uint256 storyId => GhostStory) internal _eventStory;
    mapping(uint256 storyId => uint256) public eventDeletions;

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

    constructor(Stories stories_) {
        stories = stories_;
    }

    function actor(uint256 index) public pure returns (address) {
        return address(uint160(0x5707E00 + index % ACTORS));
    }

    function ghostStory(uint256 storyId) external view returns (GhostStory memory) {
        return _story[storyId];
    }

    function eventStory(uint256 storyId) external view returns (GhostStory memory) {
        return _eventStory[storyId];
    }

    /// @dev Whether the model says the story is live now.
    function ghostLive(uint256 storyId) public view returns (bool) {
        GhostStory storage s = _story[storyId];
        return !s.deleted && block.timestamp < s.expiresAt;
    }

    // ─── Actions ─────────────────────────────────────────────────────────────────────────────────────────────────

    /// @dev A post with a lifetime of 0 (the default), one within bounds, or one just outside; a caption of up to a
    /// little over the limit; one CID in eight malformed (a wrong multihash).
    function post(uint256 actorSeed, uint256 seed) external action {
        address creator = actor(actorSeed);
        uint256 dice = uint256(keccak256(abi.encode(seed)));
        bool badCid = dice % 8 == 0;
        uint256 captionLength = dice / 8 % 300;
        uint256 lifetime;
        uint256 pick = dice / 2_400 % 6;
        if (pick == 1) lifetime = bound(dice >> 64, 1 hours, 7 days);
        else if (pick == 2) lifetime = 1 hours;
        else if (pick == 3) lifetime = 7 days;
        else if (pick == 4) lifetime = bound(dice >> 64, 1, 1 hours - 1);
        else if (pick == 5) lifetime = 7 days + 1 + (dice >> 64) % 3 days;
        bool expected = !badCid && captionLength <= 280 && (lifetime == 0 || (lifetime >= 1 hours && lifetime <= 7 days));
        bytes memory cid = abi.encodePacked(
            bytes1(0x01), dice & 1 == 0 ? bytes1(0x55) : bytes1(0x70), badCid ? bytes1(0x13) : bytes1(0x12), bytes1(0x20),
            keccak256(abi.encode(dice))
        );
        vm.prank(creator);
        try stories.post(cid, string(new bytes(captionLength)), lifetime) returns (uint256 storyId) {
            if (!_outcome(true, expected, "post")) return;
            if (storyId != ++ghostStoryCount) _unexpected("story ids are consecutive");
            uint40 expiresAt = uint40(block.timestamp + (lifetime == 0 ? 24 hours : lifetime));
            _story[storyId] = GhostStory(creator, uint40(block.timestamp), expiresAt, false);
        } catch (bytes memory data) {
            _failed(expected, "post", data);
        }
    }

    /// @dev The creator (or, when `byOther`, a random account) deletes a story, live or not.
    function deleteStory(uint256 storySeed, uint256 actorSeed, bool byOther) external action {
        // One in eight names a story never posted (as does any call before the first post): refused.
        uint256 storyId = storySeed % 8 == 0 ? ghostStoryCount + 1 : storySeed % (ghostStoryCount + 1) + 1;
        if (storyId > ghostStoryCount) {
            vm.prank(actor(actorSeed));
            try stories.deleteStory(storyId) {
                _outcome(true, false, "delete an unknown story");
            } catch {}
            try stories.isLive(storyId) {
                _outcome(true, false, "isLive of an unknown story");
            } catch {}
            return;
        }
        GhostStory storage s = _story[storyId];
        address caller = byOther ? actor(actorSeed) : s.creator;
        bool expected = caller == s.creator && ghostLive(storyId);
        vm.prank(caller);
        try stories.deleteStory(storyId) {
            if (_outcome(true, expected, "deleteStory")) s.deleted = true;
        } catch (bytes memory data) {
            _failed(expected, "deleteStory", data);
        }
    }

    /// @dev Time passes: a little, or to a random story's expiry exactly (where off-by-ones hide).
    function warp(uint256 seed, bool toExpiry) external action {
        if (toExpiry && ghostStoryCount != 0) {
            uint40 expiresAt = _story[seed % ghostStoryCount + 1].expiresAt;
            if (expiresAt > block.timestamp) vm.warp(expiresAt - (seed >> 128) % 2);
        } else {
            vm.warp(block.timestamp + bound(seed, 1, 12 hours));
        }
    }

    // ─── Events ──────────────────────────────────────────────────────────────────────────────────────────────────

    function _readEvents() internal {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 i; i < logs.length; ++i) {
            Vm.Log memory log = logs[i];
            if (log.emitter != address(stories)) continue;
            uint256 storyId = uint256(log.topics[1]);
            address creator = address(uint160(uint256(log.topics[2])));
            if (log.topics[0] == IStories.StoryPosted.selector) {
                if (storyId != ++eventStoryCount) _unexpected("StoryPosted ids are consecutive");
                (,, uint40 postedAt, uint40 expiresAt) = abi.decode(log.data, (bytes, string, uint40, uint40));
                _eventStory[storyId] = GhostStory(creator, postedAt, expiresAt, false);
            } else if (log.topics[0] == IStories.StoryDeleted.selector) {
                if (creator != _eventStory[storyId].creator) _unexpected("StoryDeleted names another creator");
                _eventStory[storyId].deleted = true;
                eventDeletions[storyId]++;
            }
        }
    }

    // ─── Helpers ─────────────────────────────────────────────────────────────────────────────────────────────────

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

/// @dev The Stories invariants of test/invariant/README.md; test/contracts/StoriesInvariant.t.sol makes them concrete.
abstract contract StoriesInvariants is StdInvariant, Test {
    Stories internal stories;
    StoriesHandler internal handler;

    function _newHandler(Stories stories_) internal virtual returns (StoriesHandler);

    function setUp() public virtual {
        vm.warp(1_800_000_000);
        stories = new Stories();
        handler = _newHandler(stories);
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](3);
        selectors[0] = StoriesHandler.post.selector;
        selectors[1] = StoriesHandler.deleteStory.selector;
        selectors[2] = StoriesHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev 1. Every call had the outcome the model expects (bounds, caption limit, CID shape, creator-only, live-only
    /// deletion).
    function invariant_EveryCallHasTheExpectedOutcome() public view {
        assertEq(handler.unexpectedOutcomes(), 0, handler.firstUnexpected());
    }

    /// @dev 2. Each story matches the model and its events: creator, posting time, expiry (posting time plus its
    /// lifetime), deletion (at most one {StoryDeleted}); and it is live exactly while not deleted and before its expiry.
    function invariant_StoriesMatchTheModelAndTheEvents() public view {
        uint256 count = stories.storyCount();
        assertEq(count, handler.ghostStoryCount(), "story count");
        assertEq(count, handler.eventStoryCount(), "one StoryPosted per story");
        for (uint256 id = 1; id <= count; ++id) {
            IStories.StoryView memory s = stories.story(id);
            StoriesHandler.GhostStory memory g = handler.ghostStory(id);
            StoriesHandler.GhostStory memory e = handler.eventStory(id);
            assertEq(s.creator, g.creator, "creator");
            assertEq(s.postedAt, g.postedAt, "posted at");
            assertEq(s.expiresAt, g.expiresAt, "expires at");
            assertEq(s.deleted, g.deleted, "deleted");
            assertEq(keccak256(abi.encode(s)), keccak256(abi.encode(e)), "the story from its events");
            assertLe(handler.eventDeletions(id), 1, "deleted at most once");
            assertEq(stories.isLive(id), handler.ghostLive(id), "live iff not deleted and not expired");
        }
    }

    /// @dev A run of 20 calls or more that posted nothing tested nothing.
    function afterInvariant() external view {
        if (handler.actions() < 20) return;
        assertGt(handler.calls("post"), 0, "no story was posted in this run");
    }
}
