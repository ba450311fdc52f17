"""The API's endpoints, one router per noun: calls (with allocations, criteria and
results), projects, strategy (with indicators), news and events."""
