"""Synthetic articles of the genre for batch tests (our own wording, varied by a seed)."""
from __future__ import annotations

import random
from pathlib import Path

import orjson

_SURNAMES = "王李张刘陈杨赵黄周吴徐孙朱马胡郭林何高罗"
_GIVEN = ["建国", "海燕", "志强", "丽华", "文博", "晓东", "春梅", "国栋", "明辉", "雪松"]
_PLACES = ["南京市", "苏州市", "杭州市", "合肥市", "济南市", "成都市", "郑州市", "长沙市"]
_HEADS = ["三新、四化", "六大攻坚战", "十大创新工程", "五大行动"]


def article(i: int) -> str:
    rnd = random.Random(i)
    place = rnd.choice(_PLACES)
    year = rnd.randint(2019, 2025)
    m, d = rnd.randint(1, 12), rnd.randint(1, 28)
    boss = rnd.choice(_SURNAMES) + rnd.choice(_GIVEN)
    mayor = rnd.choice(_SURNAMES) + rnd.choice(_GIVEN)
    paras = [
        f"{place}召开{year}年重点项目建设推进会",
        f"{year}-{m:02d}-{d:02d} 10:{rnd.randint(10, 59)} 来源:{place[:-1]}融媒体中心",
        f"{m}月{d}日,{place}委书记{boss}出席会议并讲话,市长{mayor}主持。",
        f"会议明确,全年计划安排重点项目{rnd.randint(20, 300)}个,总投资{rnd.randint(100, 2000)}亿元,"
        f"地区生产总值同比增长{rnd.randint(3, 9)}%左右。",
        f"要围绕“{rnd.choice(_HEADS)}”持续用力,确保{year + 1}年底前形成一批标志性成果。",
    ]
    paras += ["与会同志围绕各自分管领域作了交流发言。"] * rnd.randint(0, 3)
    return "\n".join(paras) + "\n"


def write_corpus(folder: Path, n_files: int, n_jsonl: int = 0, bad: bool = True) -> int:
    """n_files .txt articles (+ a JSONL dump of n_jsonl lines, + bad inputs); returns input documents."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n_files):
        (folder / f"a{i:04d}.txt").write_text(article(i), encoding="utf-8")
    count = n_files
    if n_jsonl:
        lines = [orjson.dumps({"id": f"j{i}", "text": article(10_000 + i)}) for i in range(n_jsonl)]
        (folder / "dump.jsonl").write_bytes(b"\n".join(lines) + b"\n")
        count += n_jsonl
    if bad:
        (folder / "empty.txt").write_bytes(b"")
        (folder / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
        (folder / "broken.jsonl").write_bytes(b'{"id": "ok", "text": "' + article(99).replace("\n", "\\n").encode()
                                              + b'"}\n{not json\n{"id": "nofield", "body": "x"}\n')
        count += 5
    return count
