"""A generated corpus of synthetic government-news articles, for engine equality tests and benchmarks.

Why generated: the Spark engine must match the local engine on hundreds of documents of every
input kind (plain text, a JSONL dump with bad lines, HTML, GBK, empty, binary), and the
acceptance articles may not be copied. Every sentence here is a template written for this
file; names, places, dates and figures are drawn with a seeded RNG, so the corpus is the same
on every run.
"""
from __future__ import annotations

import random
from pathlib import Path

import orjson

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖石金贾夏韦付方邹熊白孟秦邱侯江尹薛阎段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤康易乔赖文"
GIVEN = "建国志明海涛晓东立新春华卫平宏伟国强红梅丽娟永刚振宇文博新民光辉德胜秀英玉兰俊杰慧敏学军洪波晓燕桂芳家豪世杰"
PROVINCES = [("浙江省", ["杭州市", "宁波市", "温州市", "湖州市"], ["余杭区", "鄞州区", "瑞安市", "安吉县"]),
             ("江苏省", ["南京市", "苏州市", "徐州市", "盐城市"], ["江宁区", "昆山市", "沛县", "东台市"]),
             ("四川省", ["成都市", "绵阳市", "宜宾市", "南充市"], ["双流区", "江油市", "长宁县", "阆中市"]),
             ("河南省", ["郑州市", "洛阳市", "南阳市", "信阳市"], ["中牟县", "偃师区", "邓州市", "固始县"]),
             ("山东省", ["济南市", "青岛市", "潍坊市", "临沂市"], ["章丘区", "胶州市", "寿光市", "沂南县"])]
TOPICS = [("乡村道路改造", "公里", "新修和拓宽村道"), ("中小学扩容", "所", "新建和改扩建学校"),
          ("老旧小区更新", "个", "完成改造的小区"), ("污水管网铺设", "公里", "铺设雨污分流管线"),
          ("高标准农田", "万亩", "建成旱涝保收田块"), ("养老服务站点", "家", "开办社区助老食堂")]
SLOGAN_SETS = [("三个聚焦", ["聚焦产业升级", "聚焦民生补短", "聚焦生态修复"]),
               ("四个一批", ["签约一批", "开工一批", "投产一批", "储备一批"]),
               ("五比五看", ["比速度看进度", "比质量看成效", "比服务看口碑", "比担当看作风", "比创新看突破"]),
               ("两个确保", ["确保按期交付", "确保群众满意"])]
NUMS = "零一二三四五六七八九"


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))


def article(rng: random.Random, i: int) -> tuple[str, str]:
    """One synthetic article: (text, published ISO date)."""
    prov, cities, counties = rng.choice(PROVINCES)
    k = rng.randrange(4)
    city, county = cities[k], counties[k]
    unit = county if rng.random() < 0.5 else city
    year, month, day = rng.choice((2022, 2023, 2024)), rng.randint(1, 12), rng.randint(1, 27)
    topic, qunit, what = rng.choice(TOPICS)
    head, items = rng.choice(SLOGAN_SETS)
    boss, deputy, host = _name(rng), _name(rng), _name(rng)
    t1 = unit + "委" + rng.choice(("书记", "副书记"))
    t2 = unit + rng.choice(("", "副")) + unit[-1] + "长"
    plan = rng.randint(12, 480)
    done = round(plan * rng.uniform(0.3, 0.9), 1)
    money = round(rng.uniform(0.8, 36.0), 2)
    pct = round(rng.uniform(1.5, 19.5), 1)
    next_month = month % 12 + 1
    lines = [
        f"{unit}部署{year}年{topic}攻坚行动（第{i}期）",
        f"{month}月{day}日下午，{unit}召开{topic}专题推进会。{t1}{boss}到会讲话，{t2}{deputy}通报前期进展，"
        f"{unit}政府办公室主任{host}主持。",
        f"会上通报，截至{month}月底，全{unit[-1]}已{what}{done}{qunit}，完成年度计划{plan}{qunit}的"
        f"{round(done / plan * 100, 1)}%，累计到位资金{money}亿元，同比增长{pct}%。",
        f"{boss}要求，各乡镇各部门要围绕“{head}”抓落实，即{'、'.join(items)}，"
        f"力争到{year}年{next_month}月底前全面完成剩余任务。",
        f"{deputy}表示，{prov}{city}将把{topic}纳入季度督查清单，对进度滞后的单位挂牌督办，"
        f"确保{year + 1}年一季度前新增投入不少于{NUMS[rng.randint(2, 9)]}千万元。",
        f"（记者 {_name(rng)} 通讯员 {_name(rng)}）",
    ]
    if rng.random() < 0.3:
        lines.insert(2, f"据了解，{unit}去年共{what}{rng.randint(5, 90)}{qunit}，惠及群众约{rng.randint(2, 40)}万人。")
    return "\n".join(lines) + "\n", f"{year}-{month:02d}-{day:02d}"


def html_page(text: str) -> str:
    body = "".join(f"<p>{ln}</p>\n" for ln in text.splitlines()[1:])
    title = text.splitlines()[0]
    return (f"<!DOCTYPE html><html><head><title>{title}</title><script>var x = 1;</script></head>"
            f"<body><nav>首页 | 政务公开 | 互动交流</nav><h1>{title}</h1>\n{body}</body></html>\n")


def build_corpus(root: Path, n_txt: int = 320, n_jsonl: int = 220, seed: int = 7) -> int:
    """Write the corpus under `root`; return the number of documents the engines must produce."""
    rng = random.Random(seed)
    (root / "a").mkdir(parents=True, exist_ok=True)
    (root / "b" / "nested").mkdir(parents=True, exist_ok=True)
    docs = 0
    for i in range(n_txt):
        text, _ = article(rng, i)
        folder = root / ("a" if i % 3 else "b/nested")
        (folder / f"article_{i:05d}.txt").write_text(text, encoding="utf-8")
        docs += 1
    lines: list[bytes] = []
    for i in range(n_jsonl):
        text, published = article(rng, n_txt + i)
        obj = {"id": f"dump-{i:05d}", "published": published, "text": text}
        if i % 17 == 0:
            del obj["id"]  # source falls back to the line number
        if i % 23 == 0:
            obj = {"id": f"dump-{i:05d}", "html": html_page(text)}
        lines.append(orjson.dumps(obj))
        if i % 50 == 10:
            lines.append(b"")  # a blank line: skipped, but counted in line numbers
    bad = [b'{"id": "broken", "text": "unterminated', b"[1, 2, 3]", b'{"id": "no-text", "title": "x"}',
           b'{"id": "blank-text", "text": "   "}', b'{"id": "bad-utf8", "text": "\xff\xfe\xfa"}',
           b'{"id": "carriage", "text": "abc"}\r']
    for j, raw in enumerate(bad):
        lines.insert(5 + j * 31, raw)
    (root / "b" / "crawl_dump.jsonl").write_bytes(b"\n".join(lines) + b"\n")
    docs += sum(1 for ln in lines if ln.strip())
    text, _ = article(rng, 99991)
    (root / "b" / "news_page.html").write_text(html_page(text), encoding="utf-8")
    text, _ = article(rng, 99992)
    (root / "b" / "legacy_gbk.txt").write_bytes(text.encode("gbk"))
    text, _ = article(rng, 99993)
    (root / "b" / "utf16.txt").write_bytes(text.encode("utf-16"))
    (root / "b" / "empty.txt").write_bytes(b"")
    (root / "b" / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (root / "b" / "ignored.md").write_text("not an input suffix", encoding="utf-8")
    return docs + 5
