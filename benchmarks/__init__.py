"""Performance ratios of qsym's generated code against what a user would otherwise write."""
