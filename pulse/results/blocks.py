"""The block plan: how a team's closed rounds are pooled so that each shown figure reaches k.

One function decides it (``assign_blocks``), and it runs once per round, when the round closes
(:mod:`pulse.closing`); the result is stored in ``blocks`` and ``block_rounds`` and every reader of
results reads it from there. Nothing else groups rounds, so no two figures can cover overlapping
sets of rounds, whatever k becomes later.
"""

from __future__ import annotations


def assign_blocks(responses: list[int], k: int, carried: int = 0) -> tuple[list[int], list[bool]]:
    """Pool consecutive rounds greedily into non-overlapping blocks each reaching ``k``.

    ``responses`` are the counts of rounds in closing order; ``carried`` is what the series' waiting
    block already holds (block 0 continues it). Returns a block number per round and whether that
    block is complete (reaches k). Earlier blocks never change as later rounds join.
    """
    blocks, complete = [], []
    block, pending_start, total = 0, 0, carried
    for i, n in enumerate(responses):
        blocks.append(block)
        complete.append(False)
        total += n
        if total >= k:
            for j in range(pending_start, i + 1):
                complete[j] = True
            block += 1
            pending_start, total = i + 1, 0
    return blocks, complete
