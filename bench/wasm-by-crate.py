"""Sums the WASM's code and data by the crate each item's name starts with (from
`twiggy top -f csv` on stdin) and prints a Markdown table of the biggest."""
import collections
import csv
import re
import sys

CRATES = r"(tachys|leptos_router|leptos_dom|leptos|reactive_graph|serde_json|serde_core|serde|chrono|planning_portal|wasm_bindgen|web_sys|js_sys|core::|alloc::|std::|hashbrown|server_fn|either_of|futures)"
sizes = collections.Counter()
for row in csv.DictReader(sys.stdin):
    name = row["Name"]
    if name.startswith('"function names"') or name.startswith("custom section"):
        continue
    found = re.search(CRATES, name)
    sizes[found.group(1).rstrip(":") if found else "(other)"] += int(row["ShallowSize"])
total = sum(sizes.values())
print("| crate (by item name) | code and data | share |")
print("|---|---:|---:|")
for crate, size in sizes.most_common(12):
    print(f"| `{crate}` | {size / 1024:.1f} KB | {100 * size / total:.1f} % |")
print(f"| **all** | **{total / 1024:.1f} KB** | |")
