"""Parse step: turn the named groups of one date match into calendar dates.

The extractor (dates.py) finds spans; this module only knows what each group means (see the
group list in rules/dates.toml) and the anchors it may lean on: the publication date, a year
stated earlier in the same sentence, and the month of the last date mentioned before. Anything
it cannot resolve (no anchor, impossible day, year outside the table of a lunar festival)
yields None instead of a guess.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.extractors.dates_grammar import Entry, Grammar
from pipeline.shared.tables import CN_DIGIT_VALUES

_CN_DIGITS = {**CN_DIGIT_VALUES, "首": 1}     # 首 counts as 1 in dates (首季度, 首月)
_QUARTER_MONTHS = 3


@dataclass(frozen=True)
class Env:
    """What a date may be resolved against."""
    published: date | None
    year_hint: int | None = None                 # explicit year earlier in the same sentence
    month_hint: tuple[int, int] | None = None    # (year, month) of a date earlier in the same sentence
    review_year: int | None = None               # the finished year a January report looks back on
    period_hint: tuple[date, date] | None = None  # the last closed period of the paragraph (同期)
    last_start: date | None = None               # the start of the last date mentioned (3个月后)
    stated_year: int | None = None               # the last year stated in the paragraph (当年)
    future: bool = False                         # a future cue before the date in its sentence


@dataclass(frozen=True)
class Parsed:
    start: date | None
    end: date | None
    granularity: str
    modifier: str | None
    year_anchor: int | None          # a year this mention states (for later dates in the sentence)
    month_anchor: tuple[int, int] | None


@dataclass(frozen=True)
class _Base:
    start: date
    end: date
    granularity: str
    year: int
    month: int | None
    explicit_year: bool


def to_int(s: str) -> int:
    """`2022`, `二〇二二`, `十二`, `二十三`, `七` → int (raises ValueError on anything else)."""
    if s.isascii() and s.isdigit():
        return int(s)
    if s and all(c in _CN_DIGITS for c in s):
        return int("".join(str(_CN_DIGITS[c]) for c in s))
    tens, sep, ones = s.partition("十")
    if sep and len(tens) <= 1 and len(ones) <= 1:
        return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[ones] if ones else 0)
    raise ValueError(f"not a number: {s!r}")


def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def _roll(y: int, m: int) -> tuple[int, int]:
    """Normalise a month number that may run past December or before January."""
    return y + (m - 1) // 12, (m - 1) % 12 + 1


def _mmdd(y: int, spec: str) -> date:
    mm, dd = spec.split("-")
    return month_end(y, int(mm)) if dd == "end" else date(y, int(mm), int(dd))


def _day_of_month(y: int, m: int, spec) -> date:
    return month_end(y, m) if spec == "end" else date(y, m, int(spec))


def _year(groups: dict, g: Grammar, env: Env, month: int | None = None) -> tuple[int, bool] | None:
    """The year of a date: stated, relative to publication, from the sentence, else published
    (the year before when the month would lie too far ahead, see `max_months_ahead`)."""
    if "y" in groups:
        return to_int(groups["y"]), True
    if "ry" in groups:
        e = g.entry("rel_year", groups["ry"])
        if e and e.anaphoric:                # 当年年底: the year the paragraph last stated, else none
            return (env.stated_year, False) if env.stated_year is not None else None
        if e and e.context:                  # 上年 / 全年: against the year in context, stated nowhere here
            base = env.year_hint if env.year_hint is not None else env.review_year
            if base is None and env.published:
                base = env.published.year
            return (base + e.offset, False) if base is not None else None
        return (env.published.year + e.offset, True) if env.published and e else None
    if env.year_hint is not None:
        return env.year_hint, False
    if env.published is None:
        return None
    y = env.published.year
    if month is not None and month - env.published.month > g.settings.max_months_ahead:
        y -= 1
    elif month is not None and "m2" in groups and to_int(groups["m"]) == 1 and "y2" not in groups \
            and to_int(groups["m2"]) - env.published.month >= g.settings.cumulative_months_ahead:
        y -= 1          # 1-10月 reported in February: last year's statistic
    return y, False


def festival_day(name: str, year: int, g: Grammar) -> date | None:
    """The day a festival falls on (春节: 正月初一) in a Gregorian year, None when unknown."""
    f = g.festivals[g.alias_to_festival[name]]
    if f.fixed:
        return _mmdd(year, f.fixed)
    md = g.lunar.get(f.lunar or "", {}).get(year)
    return None if md is None else _mmdd(year, md) + timedelta(days=f.shift)


def _festival(name: str, year: int, g: Grammar, period: bool = True) -> tuple[date, date] | None:
    """The festival's holiday period in `year`: the State Council's statutory span when the table
    has that year, else the festival's day widened by its `span`; with `period` false, the day."""
    key = g.alias_to_festival[name]
    if period and year in g.holidays.get(key, {}):
        return g.holidays[key][year]
    day = festival_day(name, year, g)
    if day is None:
        return None
    if not period:
        return day, day
    f = g.festivals[key]
    return day + timedelta(days=f.span[0]), day + timedelta(days=f.span[1])


def festival_year(groups: dict, g: Grammar, env: Env) -> tuple[int, bool] | None:
    """The year of a festival mention; a report of November/December speaking of the coming
    元旦/春节 without a year means next year's (not when the sentence states the year)."""
    yr = _year(groups, g, env)
    if yr is None:
        return None
    year, explicit = yr
    f = g.festivals[g.alias_to_festival[groups["f"]]]
    if not explicit and env.year_hint is None and env.published and f.next_year_from_month and \
            env.published.month >= f.next_year_from_month:
        year += 1
    return year, explicit


def joint_holiday(groups: dict, g: Grammar, env: Env) -> bool:
    """`中秋国庆假期` is one item when the two festivals share one statutory holiday that year
    (2023, 2025) or when the year is not in the table; else each festival is its own item."""
    yr = festival_year(groups, g, env)
    if yr is None:
        return True
    a, b = (g.alias_to_festival[groups[k]] for k in ("f", "f2"))
    ha, hb = g.holidays.get(a, {}).get(yr[0]), g.holidays.get(b, {}).get(yr[0])
    return ha is None or hb is None or ha == hb


def _festival_base(groups: dict, g: Grammar, env: Env) -> _Base | None:
    yr = festival_year(groups, g, env)
    if yr is None:
        return None
    year, explicit = yr
    post = g.entry("festival_post", groups["fpost"]) if "fpost" in groups else None
    fest = g.festivals[g.alias_to_festival[groups["f"]]]
    if post is None and groups["f"] in fest.suffix_only:
        return None                          # `二〇二六年新年贺词`: no date without its suffix
    if post is None and "f2" not in groups and groups["f"] in fest.bare:
        period = fest.bare_period            # `五一劳动节` alone is the day, `春节` alone the holiday
    else:
        period = not (post and post.op == "day") and (post is not None or "f2" in groups or fest.span != (0, 0))
    first = _festival(groups["f"], year, g, period)
    last = _festival(groups["f2"], year, g, period) if "f2" in groups else first
    if first is None or last is None:
        return None
    start, end = min(first[0], last[0]), max(first[1], last[1])
    gran = "day" if start == end else "span"
    return _Base(start, end, gran, year, None, explicit)


def _quarter_base(groups: dict, g: Grammar, env: Env) -> _Base | None:
    if "qn" in groups:
        first, last, gran = 1, to_int(groups["qn"]), "span"
    else:
        n = next(to_int(c) for c in groups["q"] if c in _CN_DIGITS or c.isdigit())
        first, last, gran = n, n, "quarter"
    start_month = (first - 1) * _QUARTER_MONTHS + 1
    end_month = last * _QUARTER_MONTHS
    # like a month: a quarter ending too far after publication is last year's (四季度 in January)
    yr = _year(groups, g, env, month=end_month)
    if yr is None:
        return None
    year, explicit = yr
    if "qp" in groups:                     # 三季度末: the quarter's last month
        start_month, gran = end_month, "span"
    return _Base(date(year, start_month, 1), month_end(year, end_month), gran, year, None, explicit)


def _year_part_base(groups: dict, g: Grammar, env: Env) -> _Base | None:
    yr = _year(groups, g, env)
    e = g.entry("year_part_word", groups["yp"]) or g.entry("year_part_short", groups["yp"])
    if yr is None or e is None:
        return None
    year, explicit = yr
    return _Base(_mmdd(year, str(e.start)), _mmdd(year, str(e.end)), "span", year, None, explicit)


def _season_base(groups: dict, g: Grammar, env: Env) -> _Base | None:
    """今年春季, 2022年冬季 (Dec..Feb), 今冬 (in January: the winter that began in December)."""
    if "y" in groups or "ry" in groups:
        e, yr = g.entry("season", groups["season"]), _year(groups, g, env)
    else:
        e = g.entry("season_rel", groups["season"])
        yr = (env.published.year, True) if env.published else None
        if yr and e and int(e.end) > 12 and env.published.month <= int(e.end) - 12:
            yr = (yr[0] - 1, True)
    if yr is None or e is None:
        return None
    year, explicit = yr
    sy, sm = _roll(year, int(e.start))
    ey, em = _roll(year, int(e.end))
    return _Base(date(sy, sm, 1), month_end(ey, em), "season", year, None, explicit)


def _relative_base(groups: dict, g: Grammar, env: Env) -> _Base | None:
    """今天 / 本周 / 上个月 (+ 月底): offsets from the publication date."""
    p = env.published
    if p is None:
        return None
    if "rd" in groups:
        d = p + timedelta(days=g.entry("rel_day", groups["rd"]).offset)
        return _Base(d, d, "day", d.year, d.month, False)
    if "rw" in groups:
        monday = p - timedelta(days=p.weekday()) + timedelta(weeks=g.entry("rel_week", groups["rw"]).offset)
        return _Base(monday, monday + timedelta(days=6), "week", monday.year, None, False)
    y, m = _roll(p.year, p.month + g.entry("rel_month", groups["rm"]).offset)
    return _month_base(groups, g, y, m, False)


def _day_pair_base(groups: dict, g: Grammar, env: Env) -> _Base | None:
    """今明两天: today and tomorrow as one span."""
    e = g.entry("rel_day_pair", groups["rdp"])
    if env.published is None or e is None:
        return None
    a, b = env.published + timedelta(days=int(e.start)), env.published + timedelta(days=int(e.end))
    return _Base(a, b, "span", a.year, a.month, False)


def _month_base(groups: dict, g: Grammar, year: int, month: int, explicit: bool) -> _Base:
    """A month, one of its days, or a part of it (上旬, 月底)."""
    if "d" in groups:
        d = date(year, month, to_int(groups["d"]))
        return _Base(d, d, "day", year, month, explicit)
    if "mp" in groups:
        e: Entry = g.entry("month_part_word", groups["mp"]) or g.entry("month_part_short", groups["mp"])
        return _Base(_day_of_month(year, month, e.start), _day_of_month(year, month, e.end), "span",
                     year, month, explicit)
    return _Base(date(year, month, 1), month_end(year, month), "month", year, month, explicit)


def _calendar_base(groups: dict, g: Grammar, env: Env) -> _Base | None:
    """Stated months and days; bare days and month parts take the month of the context."""
    if "m" in groups:
        month = to_int(groups["m"])
        yr = _year(groups, g, env, month)
        return None if yr is None else _month_base(groups, g, yr[0], month, yr[1])
    if "d" in groups or "mp" in groups:
        ym = env.month_hint or _bare_day_month(groups, env)
        return None if ym is None else _month_base(groups, g, ym[0], ym[1], False)
    yr = _year(groups, g, env)
    if yr is None:
        return None
    return _Base(date(yr[0], 1, 1), date(yr[0], 12, 31), "year", yr[0], None, yr[1])


def _bare_day_month(groups: dict, env: Env) -> tuple[int, int] | None:
    """A day with no month in its sentence is in the publication month, or in the month before
    when the day lies after the publication day (`16日` in a report of the 3rd: last month's)."""
    p = env.published
    if p is None:
        return None
    if "d" in groups and to_int(groups["d"]) > p.day and not env.future:
        return _roll(p.year, p.month - 1)
    return p.year, p.month


def _first_months_base(groups: dict, g: Grammar, env: Env) -> _Base | None:
    """前11个月 | 今年前5个月: January 1 .. the end of the Nth month (a cumulative statistic)."""
    n = to_int(groups["mn"].replace("两", "二"))
    if not 1 <= n <= 12:
        return None
    yr = _year({**groups, "m": "1", "m2": str(n)}, g, env, 1)
    if yr is None:
        return None
    return _Base(date(yr[0], 1, 1), month_end(yr[0], n), "span", yr[0], n, yr[1])


def _same_period_base(groups: dict, g: Grammar, env: Env) -> _Base | None:
    """去年同期 | 上年同期 | 2024年同期: the period in context moved to that year (its length kept);
    with no period in the paragraph, the publication day (`进度快于去年同期`: this time last year)."""
    if env.period_hint is None and env.published is None:
        return None
    ps, pe = env.period_hint or (env.published, env.published)
    if "y" in groups:
        year = to_int(groups["y"])
    else:
        e = g.entry("rel_year", groups["ry"])
        if e is None or e.offset is None:
            return None
        year = ps.year + e.offset
    shift = year - ps.year
    held = next((spans[year] for spans in g.holidays.values() if spans.get(ps.year) == (ps, pe) and year in spans),
                None)
    if held is not None:                     # 今年端午假期…比2024年同期: that year's holiday, not its dates
        return _Base(held[0], held[1], "span", year, None, False)
    try:
        start = ps.replace(year=ps.year + shift)
    except ValueError:                       # 2月29日
        start = ps.replace(year=ps.year + shift, day=28)
    end = month_end(pe.year + shift, pe.month) if pe == month_end(pe.year, pe.month) else \
        pe.replace(year=pe.year + shift)
    return _Base(start, end, "span" if start != end else "day", year, None, False)


def _plan_base(groups: dict, g: Grammar, env: Env) -> _Base | None:
    """“十四五”时期 → 2021..2025 (plan N starts in 2021 + 5·(N − 14))."""
    first = 2021 + 5 * (to_int(groups["plan"]) - 4)
    e = g.entry("plan_part", groups["pp"]) if "pp" in groups else Entry()   # bare: the whole plan
    if e is None:
        return None
    a = first + (int(e.start) if e.start is not None else 0)
    b = first + (int(e.end) if e.end is not None else 4)
    if e.unit == "month":                    # “十四五”末: the last month, as 年末
        return _Base(date(b, 12, 1), date(b, 12, 31), "month", b, 12, False)
    return _Base(date(a, 1, 1), date(b, 12, 31), "year" if a == b else "span", a, None, False)


def _decade_base(groups: dict, g: Grammar, env: Env) -> _Base | None:
    """1980年代 | 上世纪80年代 | 90年代 (a bare decade from 30 up is of the 1900s)."""
    dec = to_int(groups["dec"])
    if dec >= 100:
        first = dec
    elif "cent" in groups:
        first = int(g.entry("century", groups["cent"]).start) + dec
    elif dec >= 30:
        first = 1900 + dec
    else:
        return None
    if first % 10:
        return None
    return _Base(date(first, 1, 1), date(first + 9, 12, 31), "span", first, None, False)


def _offset_base(groups: dict, g: Grammar, env: Env) -> _Base | None:
    """五年前 (back from the publication date) | 四个月后 (on from the last date mentioned)."""
    direction = g.entry("offset_dir", groups["od"])
    if direction is None or env.published is None:
        return None
    n = to_int(groups["on"].replace("两", "二"))
    back = direction.op == "until"
    anchor = env.published if back or env.last_start is None else env.last_start
    sign = -1 if back else 1
    unit = groups["ou"]
    if unit == "年":
        y = anchor.year + sign * n
        return _Base(date(y, 1, 1), date(y, 12, 31), "year", y, None, False)
    if unit == "个月":
        y, m = _roll(anchor.year, anchor.month + sign * n)
        return _Base(date(y, m, 1), month_end(y, m), "month", y, m, False)
    d = anchor + timedelta(days=sign * n)
    return _Base(d, d, "day", d.year, d.month, False)


def base_interval(groups: dict, g: Grammar, env: Env) -> _Base | None:
    if "same" in groups:
        return _same_period_base(groups, g, env)
    if "plan" in groups:
        return _plan_base(groups, g, env)
    if "dec" in groups:
        return _decade_base(groups, g, env)
    if "od" in groups:
        return _offset_base(groups, g, env)
    if "mn" in groups:
        return _first_months_base(groups, g, env)
    if "f" in groups:
        return _festival_base(groups, g, env)
    if "q" in groups or "qn" in groups:
        return _quarter_base(groups, g, env)
    if "yp" in groups:
        return _year_part_base(groups, g, env)
    if "season" in groups:
        return _season_base(groups, g, env)
    if "rdp" in groups:
        return _day_pair_base(groups, g, env)
    if "rd" in groups or "rw" in groups or "rm" in groups:
        return _relative_base(groups, g, env)
    if "ry" in groups and "m" not in groups and getattr(g.entry("rel_year", groups["ry"]), "anaphoric", False):
        return None                          # a bare 当年 restates a year already given (as 当天)
    return _calendar_base(groups, g, env)


def _range_end(groups: dict, base: _Base, g: Grammar) -> date:
    """The right side of `A至B`: B inherits the year and month it does not state from A; a relative
    year on B (`今年12月至明年3月`) counts from A's relative year (today's when A has none)."""
    year = to_int(groups["y2"]) if "y2" in groups else base.year
    if "ry2" in groups:
        right = g.entry("rel_year", groups["ry2"])
        left = g.entry("rel_year", groups["ry"]) if "ry" in groups else None
        year = base.year + right.offset - (left.offset if left else 0)
    month = to_int(groups["m2"]) if "m2" in groups else base.month
    if "d2" in groups:
        end = date(year, month, to_int(groups["d2"]))
    elif "m2" in groups:
        end = month_end(year, month)
    else:
        end = date(year, 12, 31)
    if end < base.start and "y2" not in groups and "ry2" not in groups:      # 12月至2月: the range runs into next year
        end = end.replace(year=end.year + 1) if "d2" in groups else month_end(year + 1, month)
    return end


def _op(groups: dict, g: Grammar) -> str | None:
    """The connector's operation; a suffix (以来, 前, 起) outranks a prefix (截至, 从), but 前后 only
    blurs the date (`到2030年前后` is still a deadline)."""
    for key, table in (("post", "post"), ("pp", "plan_part"), ("fpost", "festival_post"), ("pre", "pre")):
        if key in groups:
            e = g.entry(table, groups[key])
            if e and e.op not in (None, "same") and not (e.op == "around" and "pre" in groups):
                return e.op
    return None


def parse(groups: dict, g: Grammar, env: Env) -> Parsed | None:
    """Resolve one match; None when it cannot be placed on the calendar."""
    try:
        base = base_interval(groups, g, env)
        if base is None or not g.settings.min_year <= base.year <= g.settings.max_year:
            return None
        start, end, gran = base.start, base.end, base.granularity
        month_anchor = (base.year, base.month) if base.month else None
        if "rd2" in groups and env.published:
            end, gran = env.published + timedelta(days=g.entry("rel_day", groups["rd2"]).offset), "span"
        elif "mn" not in groups and ("y2" in groups or "ry2" in groups or "m2" in groups or "d2" in groups):
            end, gran = _range_end(groups, base, g), "span"
            if "m2" in groups or "d2" in groups:
                month_anchor = (end.year, end.month)
    except (ValueError, KeyError, AttributeError, OverflowError, StopIteration):
        return None
    if end < start:
        return None
    modifier = _modifier(groups, g)
    if "pod" in groups or "clock" in groups:
        gran = g.settings.part_of_day_granularity
    op = _op(groups, g)
    if op == "until" and groups.get("post") == "前" and gran == "year" and "y" in groups:
        op = "before"           # `2016年前` (a stated year): up to the day before it begins (docs/annotation.md)
    if op == "from" and env.published:
        if start < env.published:
            op = "since"        # 自2004年起, 今年7月1日起, 从今年起 (begun): from then up to now
        elif start >= env.published:
            op = None           # 7月1日起施行 (a start to come, or today): the day it begins
    start, end, gran = _apply_op(op, start, end, gran, env)
    return Parsed(start, end, gran, modifier, base.year if base.explicit_year else None, month_anchor)


def _apply_op(op: str | None, start: date, end: date, gran: str, env: Env):
    """A connector turns the date into an open or anchored span (docs/annotation.md, Dates:
    ranges and open spans, since)."""
    if op == "since":           # 今年以来: from the date to the publication date
        return start, (env.published if env.published and env.published >= start else None), "span"
    if op == "until":           # 截至11月底, 到今年9月底, 年底前: open start
        return None, end, "span"
    if op == "from":            # 7月1日起: open end
        return start, None, "span"
    if op == "before":          # 春节前: open start, ends the day before
        return None, start - timedelta(days=1), "span"
    if op == "eve":             # 国庆前夕: the day before
        eve = start - timedelta(days=1)
        return eve, eve, "day"
    return start, end, gran


def _modifier(groups: dict, g: Grammar) -> str | None:
    """Part of day and clock time as written (`上午`, `上午9时`), or `前后` / `前夕`."""
    parts = [groups[k] for k in ("pod", "clock") if k in groups]
    if parts:
        return "".join(parts)
    for key, table in (("post", "post"), ("fpost", "festival_post")):
        if key in groups:
            e = g.entry(table, groups[key])
            if e and e.op in ("around", "eve"):
                return groups[key]
    return None
