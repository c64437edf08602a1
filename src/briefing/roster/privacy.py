"""Telling a job title from what identifies a person: a name, an ID-card number, a phone number, an e-mail.

A roster's title (or role) column is quoted in messages and written into the workbook. When it was mapped to
the wrong column, it holds people: those values must be refused without being quoted. The tests are
deliberately narrow (a shape and a list of surnames, never a guess from one word) so that real job titles pass:
a title that still trips them can be listed under roster.titles, which is never checked.
"""

from __future__ import annotations

import re
import unicodedata

# 居民身份证: 17 digits and a check digit (0-9 or X); the first generation had 15 digits
_ID_CARD = re.compile(r"\d{17}[\dX]|\d{15}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_PHONE = re.compile(r"(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}|\+?[\d\s()-]{8,20}")
_EMPLOYEE_ID = re.compile(r"[A-Z]{0,4}[-_]?\d{4,}")
_HAN = re.compile(r"[\u3400-\u9fff\u00b7]+")
_LATIN_NAME_WORD = re.compile(r"[A-Z][a-z\u00e0-\u00ff]+(?:[-'][A-Z]?[a-z\u00e0-\u00ff]+)?")

# The commonest Chinese surnames (about 85% of the population); compound ones first.
_COMPOUND_SURNAMES = (
    "欧阳",
    "司马",
    "上官",
    "诸葛",
    "东方",
    "皇甫",
    "尉迟",
    "公孙",
    "慕容",
    "令狐",
    "宇文",
    "长孙",
    "司徒",
    "夏侯",
)
_SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟"
    "谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安"
    "齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛"
    "靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应"
    "臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝"
)
# Characters of job words (工程师, 经理, 专家, 研究员, 设计, 算法, 总监...): a title holds one, a name rarely.
_JOB_CHARACTERS = set(
    "工程师经理专家研究员设计算法总监主管架构开发测试"
    "运维数据模型芯片编译器内核推理训练科学助实习生产品"
    "技术负责人组长部门首席高级资深初中级岗位销售市场财务行政顾问分析策划编辑运营客服采购法务招聘培训"
    "讲教授博士后端前端全栈硬件软件系统网络安全平台应用智能机器学习视觉语音自然语言大小部处科室"
)
# Pinyin surnames, for names written in Latin letters (Zhang Wei, Li Na) and common Western names.
_LATIN_NAMES = {
    "wang",
    "li",
    "zhang",
    "liu",
    "chen",
    "yang",
    "huang",
    "zhao",
    "wu",
    "zhou",
    "xu",
    "sun",
    "ma",
    "zhu",
    "hu",
    "guo",
    "he",
    "gao",
    "lin",
    "luo",
    "zheng",
    "liang",
    "xie",
    "song",
    "tang",
    "han",
    "feng",
    "deng",
    "cao",
    "peng",
    "zeng",
    "xiao",
    "tian",
    "dong",
    "yuan",
    "pan",
    "yu",
    "jiang",
    "cai",
    "du",
    "ye",
    "cheng",
    "su",
    "wei",
    "lu",
    "ding",
    "ren",
    "shen",
    "yao",
    "cui",
    "zhong",
    "tan",
    "fan",
    "jin",
    "shi",
    "liao",
    "jia",
    "xia",
    "fu",
    "fang",
    "bai",
    "zou",
    "meng",
    "xiong",
    "qin",
    "qiu",
    "yin",
    "xue",
    "yan",
    "duan",
    "lei",
    "hou",
    "long",
    "tao",
    "wong",
    "chan",
    "cheung",
    "lau",
    "leung",
    "ho",
    "ng",
    "lam",
    "tse",
    "yip",
    "kwok",
    "chow",
    "lee",
    "kim",
    "park",
    "smith",
    "johnson",
    "williams",
    "brown",
    "jones",
    "miller",
    "davis",
    "garcia",
    "wilson",
    "taylor",
    "anderson",
    "thomas",
    "moore",
    "martin",
    "white",
    "clark",
    "lewis",
    "walker",
    "hall",
    "young",
    "allen",
    "king",
    "wright",
    "müller",
    "schmidt",
    "schneider",
    "fischer",
    "weber",
    "meyer",
    "wagner",
    "becker",
    "schulz",
    "hoffmann",
    "john",
    "james",
    "robert",
    "michael",
    "david",
    "william",
    "richard",
    "joseph",
    "mary",
    "patricia",
    "jennifer",
    "linda",
    "elizabeth",
    "susan",
    "sarah",
    "anna",
    "maria",
    "peter",
    "paul",
    "daniel",
    "laura",
    "emma",
    "na",
    "min",
    "jing",
    "jun",
    "hui",
    "ling",
    "xin",
    "hao",
    "yi",
    "qiang",
    "ming",
}
# Words of job titles: a Latin text with one of these is a title, whatever else it holds.
_JOB_WORDS = {
    "engineer",
    "engineering",
    "manager",
    "management",
    "scientist",
    "science",
    "designer",
    "design",
    "developer",
    "development",
    "lead",
    "leader",
    "head",
    "director",
    "architect",
    "researcher",
    "research",
    "analyst",
    "owner",
    "specialist",
    "intern",
    "trainee",
    "principal",
    "staff",
    "senior",
    "junior",
    "chief",
    "officer",
    "vp",
    "president",
    "product",
    "program",
    "project",
    "ai",
    "ml",
    "llm",
    "data",
    "software",
    "hardware",
    "chip",
    "compiler",
    "kernel",
    "inference",
    "training",
    "model",
    "platform",
    "infra",
    "infrastructure",
    "systems",
    "system",
    "consultant",
    "advisor",
    "associate",
    "assistant",
    "coordinator",
    "administrator",
    "technician",
    "expert",
    "fellow",
    "partner",
    "member",
    "team",
    "group",
    "operations",
    "ops",
    "devops",
    "sre",
    "qa",
    "test",
    "security",
    "network",
    "sales",
    "marketing",
    "finance",
    "hr",
    "recruiter",
    "of",
    "and",
    "the",
    "for",
    "i",
    "ii",
    "iii",
    "iv",
    "npu",
    "gpu",
    "cpu",
    "asic",
    "soc",
    "vision",
    "speech",
    "nlp",
    "learning",
    "machine",
}


def personal_kind(text: str) -> str | None:
    """What a title-column value holds when it identifies a person ('name', 'ID number', 'phone number',
    'e-mail address', 'employee ID'), or None when it may be a job title."""
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return None
    digits = sum(c.isdigit() for c in value)
    if "@" in value and _EMAIL.fullmatch(value):
        return "e-mail address"
    if digits >= 4:  # an ID-card number, a phone number or an employee ID: mostly digits
        compact = value.replace(" ", "").upper()
        if _ID_CARD.fullmatch(compact):
            return "ID number"
        if digits >= 8 and _PHONE.fullmatch(value):
            return "phone number"
        if _EMPLOYEE_ID.fullmatch(compact):
            return "employee ID"
        return None  # a name has no digits
    if _chinese_name(value) or _latin_name(value):
        return "name"
    return None


def _chinese_name(value: str) -> bool:
    """张伟, 李娜, 欧阳娜娜, 阿卜杜·热合曼 (with a middle dot): a common surname, 2-4 characters, no job character."""
    if not _HAN.fullmatch(value) or ("·" in value and len(value) > 12):
        return False
    if "·" in value:  # transliterated names (Uyghur, foreign): parts joined by a middle dot
        return not (set(value) & _JOB_CHARACTERS)
    if not 2 <= len(value) <= 4 or set(value) & _JOB_CHARACTERS:
        return False
    return value[0] in _SURNAMES or value.startswith(_COMPOUND_SURNAMES)


def _latin_name(value: str) -> bool:
    """Zhang Wei, Anna Müller, Mary-Jane O'Neil, WANG Wei: two or three capitalised words, one a known name,
    none a word of job titles."""
    words = value.replace(",", " ").split()
    if not 2 <= len(words) <= 3:
        return False
    folded = [w.casefold() for w in words]
    if any(w in _JOB_WORDS for w in folded):
        return False
    if not all(_LATIN_NAME_WORD.fullmatch(w) or (w.isupper() and w.isalpha() and len(w) > 1) for w in words):
        return False
    return any(w in _LATIN_NAMES for w in folded)
