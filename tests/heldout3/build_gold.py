"""Builds gold.jsonl for held-out set 3 (hand annotations written as Python data)."""
import json, pathlib
HERE = pathlib.Path(__file__).resolve().parent

def O(name, role, *pos): return {"name": name, "role": role, "positions": [{"title": t, "org": o} for t, o in pos]}
def P(name, canonical, adcode, level, aliases=()): return {"name": name, "aliases": list(aliases), "canonical": canonical, "adcode": adcode, "level": level}
def D(text, s, e, g): return {"text": text, "start": s, "end": e, "granularity": g}
UNIT = {"亿元": 1e8, "万亿元": 1e12, "万元": 1e4, "万亩": 1e4}
def Q(text, kind, num, unit, comp, subject, target):
    return {"text": text, "kind": kind, "value": float(num * UNIT.get(unit, 1)), "unit": unit, "comparator": comp, "subject": subject, "is_target": target}
def S(text, number, head, items=()):
    items = list(items)
    return {"text": text, "aliases": [], "number": number, "head": head, "items": items, "items_complete": number is not None and len(items) == number}
def Y(text, y): return D(text, f"{y}-01-01", f"{y}-12-31", "year")
def Q1(text, y): return D(text, f"{y}-01-01", f"{y}-03-31", "quarter")
def H1(text, y): return D(text, f"{y}-01-01", f"{y}-06-30", "span")
def BY(text, e): return D(text, None, e, "span")
TSW = S("十四五", None, None)

docs = []

# (a) Shaanxi, Baoji
sx = "陕西省宝鸡市"
docs.append({
 "source": "shaanxi_baoji_economic_work.txt", "published": "2023-01-10", "published_basis": "explicit",
 "title": "宝鸡市召开2023年经济工作会议",
 "officials": [
  O("贺晓宁", "media", ("记者", None)),
  O("雷振宇", "media", ("通讯员", None)),
  O("秦国栋", "official", ("书记", "宝鸡市委")),
  O("杜文昊", "official", ("副书记", "宝鸡市委"), ("市长", "宝鸡市人民政府")),
  O("白立峰", "official", ("常务副市长", "宝鸡市人民政府"), ("常委", "宝鸡市委")),
  O("宁永康", "official", ("书记", "陈仓区委")),
  O("姬红梅", "official", ("副书记", "岐山县委"), ("县长", "岐山县人民政府")),
  O("米佳琪", "official", ("县长", "眉县人民政府")),
  O("樊立群", "official", ("主任", "宝鸡市人大常委会")),
  O("党海燕", "official", ("主席", "宝鸡市政协")),
 ],
 "places": [
  P("宝鸡市", sx, "610300", "city"),
  P("宝鸡高新区", "宝鸡高新区", None, "zone"),
  P("蔡家坡经济技术开发区", "蔡家坡经济技术开发区", None, "zone"),
  P("关中平原城市群", "关中平原城市群", None, "region"),
  P("西安", "陕西省西安市", "610100", "city"),
  P("眉县", sx + "眉县", "610326", "county"),
  P("凤翔区", sx + "凤翔区", "610305", "county"),
  P("陈仓区", sx + "陈仓区", "610304", "county"),
  P("岐山县", sx + "岐山县", "610323", "county"),
  P("虢镇街道", sx + "陈仓区虢镇街道", None, "town"),
  P("蔡家坡镇", sx + "岐山县蔡家坡镇", None, "town"),
 ],
 "dates": [
  Y("2023年", 2023),
  D("10日上午", "2023-01-10", "2023-01-10", "part_of_day"),
  Y("2022年", 2022), Y("今年", 2023), Y("2022年", 2022), Y("全年", 2022), Y("过去一年", 2022),
  Y("今年", 2023), Y("全年", 2023), Q1("一季度", 2023), BY("春节前", "2023-01-20"), BY("2月底前", "2023-02-28"),
  H1("上半年", 2023), Y("去年", 2022), Y("今年", 2023), Y("全年", 2023), Y("今年", 2023),
 ],
 "quantities": [
  Q("2750亿元左右", "money", 2750, "亿元", "approx", "地区生产总值", False),
  Q("4.6%", "percent", 4.6, "%", "eq", "地区生产总值增长", False),
  Q("7.2%", "percent", 7.2, "%", "eq", "规上工业增加值增长", False),
  Q("9.1%", "percent", 9.1, "%", "eq", "固定资产投资增长", False),
  Q("143个", "count", 143, "个", "eq", "新落地亿元以上项目", False),
  Q("816亿元", "money", 816, "亿元", "eq", "新落地亿元以上项目到位资金", False),
  Q("超过60%", "percent", 60, "%", "gt", "对全市工业增量的贡献", False),
  Q("四条", "count", 4, "条", "eq", "产业链", False),
  Q("6%左右", "percent", 6, "%", "approx", "地区生产总值增长", True),
  Q("8%以上", "percent", 8, "%", "ge", "规上工业增加值增长", True),
  Q("420万亩以上", "area", 420, "万亩", "ge", "粮食播种面积", True),
  Q("不少于80个", "count", 80, "个", "ge", "集中开工项目", True),
  Q("55%以上", "percent", 55, "%", "ge", "年度投资完成率", True),
  Q("21家", "count", 21, "家", "eq", "新增规上工业企业", False),
  Q("1200亩", "area", 1200, "亩", "eq", "先进制造产业园占地", False),
  Q("15家以上", "count", 15, "家", "ge", "引进配套企业", True),
  Q("30.2万亩", "area", 30.2, "万亩", "eq", "猕猴桃种植面积", False),
  Q("突破120亿元", "money", 120, "亿元", "gt", "猕猴桃综合产值", True),
 ],
 "slogans": [
  TSW,
  S("三个年", 3, "年", ["项目建设年", "招商引资年", "营商环境提升年"]),
 ],
})

# (b) Guangxi, Binyang
gx = "广西壮族自治区南宁市"
docs.append({
 "source": "guangxi_binyang_investment.txt", "published": "2023-02-14", "published_basis": "dateline",
 "title": "宾阳县召开2023年招商引资动员会",
 "officials": [
  O("韦丽萍", "media", ("记者", "广西新闻网")),
  O("蒙志坚", "media", ("通讯员", None)),
  O("覃振国", "official", ("常委", "南宁市委"), ("书记", "宾阳县委")),
  O("韦家宁", "official", ("副书记", "宾阳县委"), ("县长", "宾阳县人民政府")),
  O("农建勋", "official", ("主任", "宾阳县人大常委会")),
  O("黄秀云", "official", ("主席", "宾阳县政协")),
  O("蒙海燕", "official", ("局长", "宾阳县投资促进局")),
  O("农德福", "official", ("局长", "宾阳县自然资源局")),
 ],
 "places": [
  P("宾阳县", gx + "宾阳县", "450126", "county", ["宾阳"]),
  P("南宁市", gx, "450100", "city"),
  P("贵港", "广西壮族自治区贵港市", "450800", "city"),
  P("来宾", "广西壮族自治区来宾市", "451300", "city"),
  P("广西", "广西壮族自治区", "450000", "province"),
  P("粤港澳大湾区", "粤港澳大湾区", None, "region"),
  P("北部湾经济区", "北部湾经济区", None, "region"),
  P("长三角", "长三角", None, "region"),
  P("黎塘镇", gx + "宾阳县黎塘镇", None, "town"),
  P("新桥镇", gx + "宾阳县新桥镇", None, "town"),
  P("宾州镇", gx + "宾阳县宾州镇", None, "town"),
  P("古辣镇", gx + "宾阳县古辣镇", None, "town"),
  P("思陇镇", gx + "宾阳县思陇镇", None, "town"),
 ],
 "dates": [
  Y("2023年", 2023),
  D("13日上午", "2023-02-13", "2023-02-13", "part_of_day"),
  Y("2023年", 2023), Y("2022年", 2022), Y("全年", 2022), Y("今年", 2023), Q1("一季度", 2023),
  BY("3月底前", "2023-03-31"), H1("上半年", 2023), Y("全年", 2023), Y("今年", 2023), Y("2022年度", 2022),
 ],
 "quantities": [
  Q("68个", "count", 68, "个", "eq", "签约招商项目", False),
  Q("426亿元", "money", 426, "亿元", "eq", "签约招商项目总投资", False),
  Q("10亿元以上", "money", 10, "亿元", "ge", "项目", False),
  Q("9个", "count", 9, "个", "eq", "单体投资10亿元以上项目", False),
  Q("152.3亿元", "money", 152.3, "亿元", "eq", "实际到位县外境内资金", False),
  Q("18.7%", "percent", 18.7, "%", "eq", "实际到位县外境内资金增长", False),
  Q("24家", "count", 24, "家", "eq", "新入驻工业企业", False),
  Q("3100多个", "count", 3100, "个", "gt", "新增就业岗位", False),
  Q("80个以上", "count", 80, "个", "ge", "新签约项目", True),
  Q("500亿元以上", "money", 500, "亿元", "ge", "新签约项目计划总投资", True),
  Q("15%以上", "percent", 15, "%", "ge", "到位资金增长", True),
  Q("20个以上", "count", 20, "个", "ge", "一季度签约项目", True),
  Q("不少于10批次", "count", 10, "批次", "ge", "驻点招商小分队", True),
  Q("30个", "count", 30, "个", "eq", "上半年新开工招商项目", True),
  Q("3500亩", "area", 3500, "亩", "eq", "统筹安排工业用地", True),
  Q("12个", "count", 12, "个", "eq", "招商引资先进单位", False),
  Q("20名", "count", 20, "名", "eq", "招商引资先进个人", False),
 ],
 "slogans": [
  S("三大主导产业", 3, "主导产业", ["铝精深加工", "家居建材", "绿色食品"]),
 ],
})

# (c) Heilongjiang, Songbei
hl = "黑龙江省哈尔滨市"
docs.append({
 "source": "heilongjiang_songbei_projects.txt", "published": "2023-05-18", "published_basis": "explicit",
 "title": "松北区召开项目建设推进会",
 "officials": [
  O("于洪涛", "official", ("常委", "哈尔滨市委"), ("书记", "松北区委")),
  O("邵明哲", "official", ("副书记", "松北区委"), ("区长", "松北区人民政府")),
  O("孔德胜", "official", ("领导", "松北区")),
  O("姜丽华", "official", ("领导", "松北区")),
  O("隋海波", "official", ("领导", "松北区")),
  O("尹春光", "official", ("领导", "松北区")),
  O("鞠晓峰", "official", ("局长", "松北区发展和改革局")),
  O("韩立新", "official", ("局长", "松北区工业和信息化局")),
  O("庞志刚", "official", ("党组书记", "松北区住房和城乡建设局"), ("局长", "松北区住房和城乡建设局")),
  O("宫慧敏", "official", ("局长", "松北区自然资源局")),
  O("柏玉洁", "official", ("局长", "松北区营商环境建设监督局")),
  O("葛婉清", "media", ("责任编辑", None)),
 ],
 "places": [
  P("松北区", hl + "松北区", "230109", "county"),
  P("哈尔滨市", hl, "230100", "city"),
  P("哈尔滨新区", "哈尔滨新区", None, "zone"),
  P("黑龙江", "黑龙江省", "230000", "province"),
  P("对青山镇", hl + "松北区对青山镇", None, "town"),
  P("乐业镇", hl + "松北区乐业镇", None, "town"),
  P("松浦街道", hl + "松北区松浦街道", None, "town"),
 ],
 "dates": [
  D("17日下午", "2023-05-17", "2023-05-17", "part_of_day"),
  Y("2023年", 2023), Y("今年", 2023), BY("截至4月底", "2023-04-30"),
  D("今年以来", "2023-01-01", "2023-05-18", "span"),
  BY("6月底前", "2023-06-30"), Y("全年", 2023), BY("年底前", "2023-12-31"),
 ],
 "quantities": [
  Q("126个", "count", 126, "个", "eq", "计划实施重点项目", True),
  Q("538.6亿元", "money", 538.6, "亿元", "eq", "重点项目计划总投资", True),
  Q("182亿元", "money", 182, "亿元", "eq", "年度计划投资", True),
  Q("87个", "count", 87, "个", "eq", "已开复工项目", False),
  Q("5000万元以上", "money", 5000, "万元", "ge", "项目", False),
  Q("42个", "count", 42, "个", "eq", "开复工5000万元以上项目", False),
  Q("69%", "percent", 69, "%", "eq", "开复工率", False),
  Q("48.3亿元", "money", 48.3, "亿元", "eq", "完成投资", False),
  Q("21.4%", "percent", 21.4, "%", "eq", "完成投资增长", False),
  Q("15个", "count", 15, "个", "eq", "新增入统项目", False),
  Q("3260亩", "area", 3260, "亩", "eq", "完成土地征收", False),
  Q("1180亩", "area", 1180, "亩", "eq", "供应项目用地", False),
  Q("15个工作日以内", "duration", 15, "个工作日", "le", "重点项目审批时限", False),
  Q("1800万元", "money", 1800, "万元", "eq", "项目前期工作经费", False),
  Q("90%以上", "percent", 90, "%", "ge", "开复工率", True),
  Q("12%", "percent", 12, "%", "eq", "固定资产投资增长", True),
  Q("不少于40个", "count", 40, "个", "ge", "新入统项目", True),
 ],
 "slogans": [],
})

# (d) Jiangxi, province
docs.append({
 "source": "jiangxi_province_mobilisation.txt", "published": "2023-04-12", "published_basis": "explicit",
 "title": "江西召开全省工业强省建设动员大会",
 "officials": [
  O("刘子涵", "media", ("记者", "江西日报")),
  O("邹永昌", "official", ("书记", "江西省委")),
  O("万启明", "official", ("副书记", "江西省委"), ("省长", "江西省人民政府")),
  O("饶晓东", "official", ("副省长", "江西省人民政府")),
  O("聂红军", "official", ("党组书记", "江西省工业和信息化厅"), ("厅长", "江西省工业和信息化厅")),
  O("涂海波", "official", ("主任", "江西省发展改革委")),
  O("钟立斌", "official", ("书记", "赣州市委")),
  O("熊卫东", "official", ("副书记", "九江市委"), ("市长", "九江市人民政府")),
 ],
 "places": [
  P("江西", "江西省", "360000", "province"),
  P("南昌", "江西省南昌市", "360100", "city"),
  P("赣州", "江西省赣州市", "360700", "city", ["赣州市"]),
  P("九江", "江西省九江市", "360400", "city", ["九江市"]),
  P("上饶", "江西省上饶市", "361100", "city"),
  P("赣江新区", "赣江新区", None, "zone"),
  P("长三角", "长三角", None, "region"),
  P("粤港澳大湾区", "粤港澳大湾区", None, "region"),
  P("樟树市", "江西省宜春市樟树市", "360982", "county"),
  P("南康区", "江西省赣州市南康区", "360703", "county"),
  P("进贤县", "江西省南昌市进贤县", "360124", "county"),
  P("文港镇", "江西省南昌市进贤县文港镇", None, "town"),
 ],
 "dates": [
  D("4月11日上午", "2023-04-11", "2023-04-11", "part_of_day"),
  D("今年以来", "2023-01-01", "2023-04-12", "span"),
  Q1("一季度", 2023), Q1("去年同期", 2022), BY("截至3月底", "2023-03-31"),
  Y("今年", 2023), H1("上半年", 2023), BY("国庆前", "2023-09-30"),
  Y("全年", 2023), Y("今年", 2023),
  H1("上半年", 2023), Q1("一季度", 2023), Q1("去年同期", 2022), Y("今年", 2023),
 ],
 "quantities": [
  Q("7.1%", "percent", 7.1, "%", "eq", "规上工业增加值增长", False),
  Q("612家", "count", 612, "家", "eq", "新增规上工业企业", False),
  Q("1128亿元", "money", 1128, "亿元", "eq", "完成工业投资", False),
  Q("突破2100亿元", "money", 2100, "亿元", "gt", "电子信息产业营业收入", False),
  Q("高于15%", "percent", 15, "%", "gt", "工业投资增幅", False),
  Q("100家", "count", 100, "家", "eq", "新建智能工厂", True),
  Q("300家以上", "count", 300, "家", "ge", "新增专精特新中小企业", True),
  Q("突破5万亿元", "money", 5, "万亿元", "gt", "规上工业营业收入", True),
  Q("10%以上", "percent", 10, "%", "ge", "工业投资增长", True),
  Q("80亿元", "money", 80, "亿元", "eq", "省级制造业发展专项资金", False),
  Q("120个", "count", 120, "个", "eq", "开工建设亿元以上工业项目", True),
  Q("62%", "percent", 62, "%", "eq", "签约项目落地率", False),
  Q("9个百分点", "other", 9, "个百分点", "eq", "签约项目落地率提高", False),
  Q("75%以上", "percent", 75, "%", "ge", "签约项目落地率", True),
 ],
 "slogans": [
  S("2345工作布局", None, "工作布局"),
  TSW,
  S("五大优势产业", 5, "优势产业", ["电子信息", "有色金属", "装备制造", "新能源", "中医药"]),
  S("四大攻坚", 4, "攻坚", ["产业链提升攻坚", "数字化转型攻坚", "企业梯度培育攻坚", "项目招引攻坚"]),
  S("三农", 3, "农"),
 ],
})

docs.sort(key=lambda d: d["source"])
with open(HERE / "gold.jsonl", "w", encoding="utf-8") as f:
    for d in docs:
        f.write(json.dumps(d, ensure_ascii=False, separators=(",", ":")) + "\n")
