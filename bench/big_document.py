"""Generate one very large plan: a notice with thousands of numbered tasks (about 360 bytes each).

A province-wide task list can run to megabytes; this writes one such document from the same
vocabulary as generate.py, to check that the store takes it (or refuses it) and stays usable.

    python bench/big_document.py --tasks 10000 --out /tmp/big.txt
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate import VERBS, Generator, arguments  # noqa: E402


PER_SECTION = 500
SECTIONS = "一二三四五六七八九十" + "".join(f"十{d}" for d in "一二三四五六七八九") + "二十"


def big_document(tasks: int, seed: int = 7) -> str:
    """A plan of ``tasks`` tasks (at most 10,000) numbered from 1 under each heading, each with owners."""
    generator = Generator(seed)
    lines = ["临政办发〔2024〕9号", "临沂市人民政府办公室", "关于印发《临沂市养老服务重点任务清单》的通知",
             "各县区人民政府，市直有关部门：",
             "《临沂市养老服务重点任务清单》已经市政府同意，现印发给你们，请认真贯彻落实。", "临沂市人民政府办公室",
             "2024年3月5日", "一、总体要求", "坚持以人民为中心，加快推进养老服务体系建设。", "二、重点任务"]
    for number in range(tasks):
        if number % PER_SECTION == 0:  # numbers restart under each heading, as long lists do
            section = number // PER_SECTION
            lines.append(f"（{SECTIONS[section]}）{VERBS[section % len(VERBS)]}养老服务体系")
        lines.append(f"{number % PER_SECTION + 1}.{generator.task_text(2024)}{generator.owners('labelled', '市')}")
    lines += ["三、保障措施", "（一）加强组织领导。建立工作机制。（市民政局牵头，市直有关部门按职责分工负责）"]
    return "\n".join(lines) + "\n"


def main() -> None:
    args = arguments(__doc__, "tasks", 10_000)
    args.out.write_text(big_document(args.tasks, args.seed), encoding="utf-8")
    print(f"wrote a plan of {args.tasks:,} tasks ({args.out.stat().st_size / 1e6:.1f} MB) to {args.out}")


if __name__ == "__main__":
    main()
