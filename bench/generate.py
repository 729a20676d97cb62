"""Generate a repeatable corpus of policy documents in the genre's layouts.

Every document is new text assembled from a seed: an issuing county or city, a notice with
its 文号, citations drawn from a shared pool of higher-level documents, numbered tasks in one
of the layouts the genre uses (labelled brackets, 责任单位-only brackets, 牵头/参与 phrases, a
task table flattened to lines), deadlines, targets, and sometimes a leading-group roster.

    python bench/generate.py --docs 100 --out /tmp/corpus --seed 7
"""
from __future__ import annotations

import argparse
import json
import random
from importlib import resources
from pathlib import Path

PLACES = [  # (place, numbering initial, level, province) — real places, invented documents
    ("郯城县", "郯", "county", "鲁"), ("沂水县", "沂", "county", "鲁"), ("临沂市", "临", "city", "鲁"),
    ("六安市", "六", "city", "皖"), ("霍山县", "霍", "county", "皖"), ("包头市", "包", "city", "内"),
    ("赤水市", "赤", "county", "黔"), ("遵义市", "遵", "city", "黔"), ("晋江市", "晋", "county", "闽"),
    ("泉州市", "泉", "city", "闽"), ("潍坊市", "潍", "city", "鲁"), ("寿光市", "寿", "county", "鲁"),
    ("宜兴市", "宜", "county", "苏"), ("无锡市", "锡", "city", "苏"), ("义乌市", "义", "county", "浙"),
    ("金华市", "金", "city", "浙"), ("浏阳市", "浏", "county", "湘"), ("长沙市", "长", "city", "湘"),
]
CENTRAL = [("国办发", "国务院办公厅关于推进养老服务发展的意见"), ("国发", "国务院关于加强新时代老龄工作的意见"),
           ("民发", "民政部关于推进养老机构“双随机、一公开”监管的指导意见"), ("中办发", "关于推进基本养老服务体系建设的意见"),
           ("国卫老龄发", "关于深入推进医养结合发展的若干意见"), ("中发", "中共中央 国务院关于加强新时代老龄工作的意见")]
PROVINCIAL = [("政办发", "人民政府办公厅关于推进养老服务高质量发展的实施意见"),
              ("政发", "人民政府关于加快发展养老服务业的意见"), ("民发", "民政厅关于加强养老服务设施配建工作的通知")]
AREAS = ["养老服务", "医养结合", "托育服务", "适老化改造", "居家社区养老", "老年助餐", "智慧养老"]
VERBS = ["健全", "推进", "完善", "加强", "提升", "扩大", "落实", "建立", "实施", "优化"]
OBJECTS = ["基本养老服务清单", "社区养老服务设施", "护理型床位", "老年助餐服务网络", "养老服务人才队伍", "长期护理保险制度",
           "特困人员供养机构", "智慧养老服务平台", "家庭养老床位", "农村互助养老服务", "综合监管制度", "婴幼儿照护服务"]
GENERIC = ["工作机制", "资金保障", "监督检查", "宣传引导", "部门协作", "考核评价", "政策衔接", "信息共享", "基层能力", "标准规范",
           "服务质量", "安全管理", "应急处置", "队伍建设", "财政投入", "统筹协调", "督导落实", "数据统计", "培训体系", "服务网络"]
METRICS = [("护理型床位占比", "%", (50, 80)), ("社区养老服务设施覆盖率", "%", (80, 100)), ("老年助餐点", "个", (10, 200)),
           ("家庭养老床位", "张", (30, 500)), ("适老化改造", "户", (100, 2000)), ("养老护理员持证上岗率", "%", (60, 95))]
COMPARATORS = ["达到{v}{u}以上", "不低于{v}{u}", "不少于{v}{u}", "达到{v}{u}", "超过{v}{u}"]
DEADLINES = ["{y}年底前", "{y}年底", "到{y}年", "{y}年第{q}季度", "{y}年上半年", "每年{m}月底前", "持续推进", "{y}—{y2}年期间"]
QUARTERS = "一二三四"
MONTHS = "一二三四五六七八九十"


def _agency_names() -> list[str]:
    data = json.loads(resources.files("policykg.data").joinpath("agencies.json").read_text("utf-8"))
    names = [e["name"] for e in data["agencies"] if e["category"] not in ("政府", "开发区")]
    return names + [a for e in data["agencies"] for a in e["aliases"] if len(a) >= 3 and a.endswith(("局", "委"))]


class Generator:
    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.agencies = _agency_names()
        self.pool = self._pool()
        self.serials: dict[tuple[str, int], int] = {}  # the last serial number given, by 文号 prefix and year

    def _pool(self) -> list[tuple[str, str]]:
        """The shared higher-level documents every generated plan cites from."""
        pool = []
        for code, title in CENTRAL:
            for year in (2019, 2021, 2022, 2024):
                pool.append((f"{code}〔{year}〕{self.random.randint(1, 60)}号", title))
        for province in sorted({p[3] for p in PLACES}):
            for suffix, title in PROVINCIAL:
                pool.append((f"{province}{suffix}〔{self.random.randint(2019, 2024)}〕{self.random.randint(1, 200)}号",
                             title))
        return pool

    def deadline(self, year: int) -> str:
        form = self.random.choice(DEADLINES)
        return form.format(y=year + self.random.randint(0, 3), y2=year + 4, q=self.random.choice(QUARTERS),
                           m=self.random.choice(MONTHS))

    def target(self, year: int) -> str:
        metric, unit, (low, high) = self.random.choice(METRICS)
        value = self.random.randint(low, high)
        return f"到{year + self.random.randint(1, 3)}年底，{metric}" + self.random.choice(COMPARATORS).format(v=value, u=unit)

    def units(self, prefix: str, count: int) -> list[str]:
        picked = self.random.sample(self.agencies, count)
        return [prefix + name if self.random.random() < 0.8 else name for name in picked]

    def thing(self) -> str:
        """What a sentence is about: mostly generic, now and then a specific subject (助餐 …)."""
        return self.random.choice(OBJECTS if self.random.random() < 0.1 else GENERIC)

    def task_text(self, year: int) -> str:
        text = f"{self.random.choice(VERBS)}{self.random.choice(OBJECTS)}。" + "".join(
            f"{self.random.choice(VERBS)}{self.thing()}，{self.random.choice(VERBS)}"
            f"{self.thing()}。" for _ in range(self.random.randint(5, 10)))
        if self.random.random() < 0.4:
            text += self.target(year) + "。"
        if self.random.random() < 0.5:
            text += self.deadline(year) + "完成。"
        return text

    def document(self, index: int) -> str:
        r = self.random
        place, initial, level, _ = r.choice(PLACES)
        prefix = "县" if place.endswith("县") else "市"
        year = r.randint(2019, 2025)
        area = r.choice(AREAS)
        kind = f"{initial}政办{'字' if r.random() < 0.5 else '发'}"
        self.serials[(kind, year)] = serial = self.serials.get((kind, year), 0) + 1  # one 文号, one document
        number = f"{kind}〔{year}〕{serial}号"
        title = f"{place}{area}高质量发展实施方案（第{index}号）"
        cited = r.sample(self.pool, r.randint(2, 5))
        lines = [f"{number}", f"{place}人民政府办公室", f"关于印发《{title}》的通知",
                 f"各乡镇人民政府、街道办事处，{prefix}直有关部门：",
                 f"《{title}》已经{prefix}政府同意，现印发给你们，请认真贯彻落实。",
                 f"{place}人民政府办公室", f"{year}年{r.randint(1, 12)}月{r.randint(1, 28)}日",
                 "为深入贯彻落实" + "、".join(f"《{t}》（{n}）" for n, t in cited) + "精神，结合实际，制定本方案。",
                 "一、总体要求", f"坚持以人民为中心，加快推进{area}体系建设。",
                 "二、主要目标", self.target(year) + "；" + self.target(year) + "。", "三、重点任务"]
        layout = r.choice(["labelled", "responsible", "phrases", "table"])
        first_rule = layout == "responsible" and r.random() < 0.3
        if first_rule:
            lines.insert(5, "各项任务中，列第一位者为牵头单位。")
        tasks = r.randint(18, 36)
        if layout == "table":
            lines += ["（一）重点工作", "具体工作见附件。"]
        else:
            for section in range(1, r.randint(3, 6) + 1):
                lines.append(f"（{'一二三四五六'[section - 1]}）{r.choice(VERBS)}{r.choice(OBJECTS)}")
                for number_in_section in range(1, tasks // 4 + 1):
                    lines.append(f"{number_in_section}.{self.task_text(year)}{self.owners(layout, prefix)}")
        lines += ["四、保障措施", f"（一）加强组织领导。建立工作机制。（{prefix}民政局牵头，{prefix}直有关部门按职责分工负责）"]
        if layout == "table":
            lines += ["附件", f"{place}{area}重点任务清单", "序号", "工作任务", "完成时限", "责任单位"]
            for row in range(1, tasks + 1):
                lines += [str(row), *self._wrap(self.task_text(year)), self.deadline(year),
                          *self.units(prefix, r.randint(1, 4))]
        if r.random() < 0.3:
            lines += ["附件", f"{place}{area}工作领导小组", "一、成员名单",
                      f"组 长：{r.choice('王李张刘陈杨')}{r.choice('伟芳军敏静磊')} {place}人民政府副{'县' if prefix == '县' else '市'}长",
                      f"成 员：{r.choice('王李张刘陈杨')}{r.choice('伟芳军敏静磊')} {prefix}民政局局长",
                      f"{r.choice('王李张刘陈杨')}{r.choice('伟芳军敏静磊')} {prefix}财政局局长"]
        return "\n".join(lines) + "\n"

    def owners(self, layout: str, prefix: str) -> str:
        r = self.random
        units = self.units(prefix, r.randint(2, 6))
        if layout == "labelled":
            return f"（牵头单位：{units[0]}；责任单位：{'、'.join(units[1:])}，各乡镇（街道））"
        if layout == "responsible":
            return f"(责任单位:{'、'.join(units)})"
        return f"（{units[0]}牵头，{'、'.join(units[1:])}参与）"

    def _wrap(self, text: str) -> list[str]:
        """A table cell broken over lines, as flattened tables are."""
        width = self.random.randint(30, 60)
        return [text[i:i + width] for i in range(0, len(text), width)]


def generate(docs: int, out: Path, seed: int = 7) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    generator = Generator(seed)
    paths = []
    for index in range(docs):
        path = out / f"doc_{index:05d}.txt"
        path.write_text(generator.document(index), encoding="utf-8")
        paths.append(path)
    return paths


def arguments(doc: str, count: str, default: int) -> argparse.Namespace:
    """The command line of a generator script: how many (``--docs``, ``--tasks`` …), --out, --seed."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument(f"--{count}", type=int, default=default)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    return parser.parse_args()


def main() -> None:
    args = arguments(__doc__, "docs", 100)
    paths = generate(args.docs, args.out, args.seed)
    print(f"wrote {len(paths)} documents to {args.out}")


if __name__ == "__main__":
    main()
