"""Finding the same resident twice: blocking, comparison, scoring, clusters, survivors.

On splink with DuckDB: candidate pairs come from blocking keys, each pair is compared field by
field into levels, each level carries a weight (a log2 Bayes factor, set by hand), and the
weights add up to the pair's score. Pairs above the merge threshold form clusters; pairs between
the review and the merge thresholds go to a person.
"""

from dataclean.dedupe.find import DedupeResult, find_duplicates
from dataclean.dedupe.settings import Thresholds

__all__ = ["DedupeResult", "Thresholds", "find_duplicates"]
