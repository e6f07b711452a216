import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { parseEther, parseUnits } from "viem";
import { ETH } from "../src/lib/money";
import { checkPriceForm, sameTerms, tokenText, type PriceForm } from "../src/lib/price";

const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const form = (over: Partial<PriceForm>): PriceForm => ({
  access: "paid",
  amount: "0.01",
  token: "",
  decimals: 18,
  encrypted: true,
  ...over,
});

describe("checkPriceForm", () => {
  it("a paid price in ETH: the amount in wei, token address 0", () => {
    assert.deepEqual(checkPriceForm(form({})), {
      ok: true,
      terms: { access: "paid", token: ETH, price: parseEther("0.01") },
    });
    assert.deepEqual(checkPriceForm(form({ token: "eth", amount: "1,5" })), {
      ok: true,
      terms: { access: "paid", token: ETH, price: parseEther("1.5") },
    });
  });

  it("an ERC-20 price in the token's own decimals, its address checksummed", () => {
    assert.deepEqual(checkPriceForm(form({ token: TOKEN.toLowerCase(), amount: "2.5", decimals: 6 })), {
      ok: true,
      terms: { access: "paid", token: TOKEN, price: parseUnits("2.5", 6) },
    });
  });

  it("free, members-only and withheld send token 0 and price 0 whatever was typed (the contract's rule)", () => {
    for (const access of ["free", "members", "withheld"] as const)
      assert.deepEqual(checkPriceForm(form({ access, amount: "3", token: TOKEN })), {
        ok: true,
        terms: { access, token: ETH, price: 0n },
      });
  });

  it("says what to fix in a bad price or token", () => {
    const error = (over: Partial<PriceForm>) => {
      const checked = checkPriceForm(form(over));
      assert.equal(checked.ok, false);
      return checked.ok ? "" : checked.error;
    };
    assert.match(error({ amount: "" }), /^Price: Type an amount/);
    assert.match(error({ amount: "0" }), /more than zero/);
    assert.match(error({ amount: "abc" }), /isn't an amount/);
    assert.match(error({ amount: "0.0000001", decimals: 6 }), /At most 6 decimals/);
    assert.match(error({ token: "0x1234" }), /^Token: .*40 hex digits.* Or leave it empty for ETH\.$/);
    assert.match(error({ token: TOKEN, decimals: null }), /Still reading the token's decimals/);
  });

  it("refuses paid and members-only for a video whose bytes are public, and says why and what to do", () => {
    for (const access of ["paid", "members"] as const) {
      const checked = checkPriceForm(form({ access, encrypted: false }));
      assert.equal(checked.ok, false);
      if (!checked.ok) {
        assert.match(checked.error, /uploaded unencrypted: anyone can fetch all of it from IPFS/);
        assert.match(checked.error, /upload it again with "Paid \/ members-only"/);
      }
    }
    assert.equal(checkPriceForm(form({ access: "free", encrypted: false })).ok, true, "making it free is fine");
    const withheld = checkPriceForm(form({ access: "withheld", encrypted: false }));
    assert.equal(withheld.ok, false, "withholding public bytes hides nothing");
    if (!withheld.ok) assert.match(withheld.error, /withholding its key would hide nothing\. It can only be free\./);
    const unknown = checkPriceForm(form({ encrypted: null }));
    assert.equal(unknown.ok, false);
    if (!unknown.ok) assert.match(unknown.error, /manifest can't be read.*Reload the page/);
  });
});

describe("sameTerms", () => {
  const paid = { access: "paid" as const, price: { token: TOKEN, amount: "1000" } };
  it("matches access, and for a paid post its token and amount", () => {
    assert.equal(sameTerms(paid, { access: "paid", token: TOKEN, price: 1000n }), true);
    assert.equal(sameTerms(paid, { access: "paid", token: TOKEN, price: 1001n }), false);
    assert.equal(sameTerms(paid, { access: "paid", token: ETH, price: 1000n }), false);
    assert.equal(sameTerms(paid, { access: "free", token: ETH, price: 0n }), false);
    assert.equal(sameTerms({ access: "free", price: null }, { access: "free", token: ETH, price: 0n }), true);
    assert.equal(sameTerms({ access: "free", price: null }, { access: "paid", token: ETH, price: 1n }), false);
    const withheld = { access: "withheld" as const, price: null };
    assert.equal(sameTerms(withheld, { access: "withheld", token: ETH, price: 0n }), true, "still withheld");
    assert.equal(sameTerms(withheld, { access: "free", token: ETH, price: 0n }), false, "opened");
  });
});

describe("tokenText", () => {
  it("ETH is an empty field, an ERC-20 its address", () => {
    assert.equal(tokenText(undefined), "");
    assert.equal(tokenText(ETH), "");
    assert.equal(tokenText(TOKEN), TOKEN);
  });
});
