"""The subsidy programme's rules as pure Python (no Django): money, identity numbers, deadlines on China's
working calendar, outlet conditions, the claim's four checks and the return matrix (篇3, 篇4, 篇9)."""
