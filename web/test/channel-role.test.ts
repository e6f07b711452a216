import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { channelRole, maySubmit, parseChannelParam, submitHref } from "../src/lib/channel-role";

const MEMBER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const OUTSIDER = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";

describe("channel roles", () => {
  it("tells a visitor, a member (any letter case) and the two kinds of outsider apart", () => {
    assert.equal(channelRole(undefined, [MEMBER], false), "visitor");
    assert.equal(channelRole(MEMBER.toLowerCase(), [MEMBER], false), "member");
    assert.equal(channelRole(OUTSIDER, [MEMBER], true), "outsider-open");
    assert.equal(channelRole(OUTSIDER, [MEMBER], false), "outsider-closed");
  });
  it("lets members, and outsiders of an open channel, submit", () => {
    assert.deepEqual((["visitor", "member", "outsider-open", "outsider-closed"] as const).map(maySubmit), [
      false,
      true,
      true,
      false,
    ]);
  });
  it("links to the upload page with the channel chosen, and reads that link back", () => {
    assert.equal(submitHref("7"), "/upload?channel=7");
    assert.equal(parseChannelParam(new URL(`http://x${submitHref("7")}`).searchParams.get("channel")), "7");
    assert.equal(parseChannelParam("0"), null);
    assert.equal(parseChannelParam("abc"), null);
    assert.equal(parseChannelParam(null), null);
  });
});
