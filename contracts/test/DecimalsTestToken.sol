// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title DecimalsTestToken
/// @notice TEST ONLY — never deploy. A plain ERC-20 with the symbol and decimals given to its constructor (6 for a
/// USDC-like token), that anyone can mint: the web tests check that amounts are typed and shown in the token's own
/// decimals rather than in 18.
contract DecimalsTestToken is ERC20 {
    uint8 private immutable _decimals;

    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) {
        _decimals = decimals_;
    }

    /// @inheritdoc ERC20
    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
