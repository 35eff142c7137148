"""The discrepancy report officials read and sign, and the decisions they type into it."""
