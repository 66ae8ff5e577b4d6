"""Where a WASM file's bytes go, read from its own sections: every function body (named
by the `name` section that the linker writes), every data segment and every custom
section. Prints two Markdown tables: the biggest items, and the code and data summed by
the crate each item's name starts with.

Usage: python3 bench/wasm-sizes.py FILE.wasm [TOP]

(It replaces `twiggy top`, which took a minute to compile on a fresh machine for these
two tables.)"""
import collections
import re
import shutil
import subprocess
import sys

CRATES = r"(tachys|leptos_router|leptos_dom|leptos|reactive_graph|serde_json|serde_core|serde|chrono|planning_portal|wasm_bindgen|web_sys|js_sys|core::|alloc::|std::|hashbrown|server_fn|either_of|futures)"


class Reader:
    def __init__(self, data, at=0):
        self.data, self.at = data, at

    def byte(self):
        value = self.data[self.at]
        self.at += 1
        return value

    def uleb(self):
        result = shift = 0
        while True:
            byte = self.byte()
            result |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                return result

    def bytes(self, length):
        value = self.data[self.at:self.at + length]
        self.at += length
        return value

    def name(self):
        return self.bytes(self.uleb()).decode("utf-8", "replace")

    def limits(self):
        flags = self.byte()
        self.uleb()
        if flags & 1:
            self.uleb()

    def const_expr(self):
        # i32.const / i64.const / global.get / ref.func / ref.null, then `end`.
        while (opcode := self.byte()) != 0x0B:
            if opcode == 0xD0:
                self.byte()
            else:
                self.uleb()


def items(wasm):
    """Yields (name, size) for every function body, data segment and custom section."""
    if wasm[:4] != b"\0asm":
        sys.exit("not a WASM file")
    reader = Reader(wasm, 8)
    imported_functions = 0
    bodies, segments, customs = [], [], []
    function_names, data_names = {}, {}
    while reader.at < len(wasm):
        section_id, size = reader.byte(), reader.uleb()
        start, end = reader.at, reader.at + size
        section = Reader(wasm, start)
        if section_id == 0:
            name = section.name()
            if name == "name":
                while section.at < end:
                    sub_id, sub_size = section.byte(), section.uleb()
                    sub_end = section.at + sub_size
                    label = {1: '"function names" subsection', 9: '"data segment names" subsection'}
                    customs.append((label.get(sub_id, f'"names" subsection {sub_id}'), sub_size))
                    if sub_id in (1, 9):
                        names = function_names if sub_id == 1 else data_names
                        for _ in range(section.uleb()):
                            index = section.uleb()
                            names[index] = section.name()
                    section.at = sub_end
            else:
                customs.append((f"custom section '{name}'", size))
        elif section_id == 2:
            for _ in range(section.uleb()):
                section.name()
                section.name()
                kind = section.byte()
                if kind == 0x00:
                    imported_functions += 1
                    section.uleb()
                elif kind == 0x01:
                    section.byte()
                    section.limits()
                elif kind == 0x02:
                    section.limits()
                elif kind == 0x03:
                    section.byte()
                    section.byte()
                elif kind == 0x04:
                    section.byte()
                    section.uleb()
        elif section_id == 10:
            for _ in range(section.uleb()):
                body_size = section.uleb()
                bodies.append(body_size)
                section.at += body_size
        elif section_id == 11:
            for _ in range(section.uleb()):
                flags = section.uleb()
                if flags == 2:
                    section.uleb()
                if flags in (0, 2):
                    section.const_expr()
                segment_size = section.uleb()
                segments.append(segment_size)
                section.at += segment_size
        reader.at = end
    for index, size in enumerate(bodies):
        function = imported_functions + index
        yield function_names.get(function, f"code[{function}]"), size
    for index, size in enumerate(segments):
        yield f'data segment "{data_names.get(index, index)}"', size
    yield from customs


def demangled(names):
    """Rust's symbol names as written in code, by binutils' `c++filt` (it reads both of
    Rust's manglings; it is on every machine that links Rust on Linux)."""
    if not shutil.which("c++filt"):
        return names
    out = subprocess.run(["c++filt"], input="\n".join(names), capture_output=True, text=True, check=True)
    lines = out.stdout.split("\n")
    if len(lines) < len(names):
        return names
    # Without the hashes that tell apart instances and crate versions.
    return [re.sub(r"::h[0-9a-f]{16}$|\[[0-9a-f]{16}\]", "", line) for line in lines[:len(names)]]


def main():
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    with open(path, "rb") as file:
        everything = list(items(file.read()))
    names = demangled([name for name, _ in everything])
    everything = [(name, size) for name, (_, size) in zip(names, everything)]
    total = sum(size for _, size in everything)
    print("| bytes | share | item |")
    print("|---:|---:|---|")
    biggest = sorted(everything, key=lambda item: -item[1])
    for name, size in biggest[:top]:
        shown = name if len(name) <= 110 else name[:107] + "..."
        print(f"| {size} | {100 * size / total:.2f} % | `{shown}` |")
    rest = biggest[top:]
    print(f"| {sum(size for _, size in rest)} | {100 * sum(size for _, size in rest) / total:.2f} % |"
          f" ... and {len(rest)} more |")
    print(f"| **{total}** | | **{len(everything)} items** |")
    print()

    code_and_data = collections.Counter()
    for name, size in everything:
        if name.startswith('"') or name.startswith("custom section"):
            continue
        found = re.search(CRATES, name)
        code_and_data[found.group(1).rstrip(":") if found else "(other)"] += size
    counted = sum(code_and_data.values())
    print("| crate (by item name) | code and data | share |")
    print("|---|---:|---:|")
    for crate, size in code_and_data.most_common(top):
        print(f"| `{crate}` | {size / 1024:.1f} KB | {100 * size / counted:.1f} % |")
    print(f"| **all** | **{counted / 1024:.1f} KB** | |")


if __name__ == "__main__":
    main()
