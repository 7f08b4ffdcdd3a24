"""The pieces of `benchmarks.telegram_throughput`, one job each.

- `systems`: the applications compared (spasmbot, bare PTB) and how they start and stop;
- `load`: the simulated users and one measurement of one system in one process;
- `side_by_side`: runs measurements in their own processes, taking turns;
- `report`: rounds summed up, the guardrails, `benchmarks/results/telegram.{json,md}`.
"""
