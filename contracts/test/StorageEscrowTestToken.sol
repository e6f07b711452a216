// SPDX-License-Identifier: AGPL-3.0-or-later
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @title StorageEscrowTestToken
/// @notice TEST ONLY — never deploy. A plain ERC-20 that anyone can mint, for the StorageEscrow tests.
contract StorageEscrowTestToken is ERC20 {
    constructor() ERC20("StorageEscrow Test Token", "SETEST") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}

/// @title StorageEscrowFeeTestToken
/// @notice TEST ONLY — never deploy. An ERC-20 that burns a fee (1 % unless set otherwise) of every transfer, as
/// fee-on-transfer tokens do: the StorageEscrow tests check that such a token is refused rather than booked for more
/// than was received. Anyone can change the fee, so a test can turn it on after a deal was created.
contract StorageEscrowFeeTestToken is ERC20 {
    uint256 public feeBps = 100;

    constructor() ERC20("StorageEscrow Fee Test Token", "SEFEE") {}

    function setFeeBps(uint256 bps) external {
        feeBps = bps;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 fee = value * feeBps / 10_000;
        super._update(from, address(0), fee);
        super._update(from, to, value - fee);
    }
}
