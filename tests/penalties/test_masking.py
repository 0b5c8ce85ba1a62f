"""Masking (rules.md, 行政处罚法 art. 50): what of a person may never reach a public page."""

import pytest

from portal import masking


@pytest.mark.parametrize(
    "name, masked",
    [
        ("张三", "张某某"),
        ("王建国", "王某某"),
        ("欧阳娜娜", "欧阳某某"),
        ("司马光", "司马某某"),
        ("  李四 ", "李某某"),
        ("", ""),
    ],
)
def test_a_person_keeps_only_the_surname(name, masked):
    assert masking.mask_person(name) == masked


@pytest.mark.parametrize(
    "party_type, name, operator, personal",
    [
        ("自然人", "张三", "", True),
        ("个体工商户", "王建国", "王建国", True),  # named after its operator
        ("个体工商户", "刘秀英", "", True),  # no trade word: a person's name
        ("个体工商户", "天津市东丽区华新街道鑫源便利店", "王建国", False),
        ("法人及非法人组织", "天津市东丽区宏达土石方工程有限公司", "赵立新", False),
    ],
)
def test_who_is_masked(party_type, name, operator, personal):
    assert masking.is_personal(party_type, name, operator) is personal


def test_a_sole_traders_operator_is_masked_an_organisations_representative_is_not():
    assert masking.public_operator("个体工商户", "王建国") == ("王某某", True)
    assert masking.public_operator("法人及非法人组织", "赵立新") == ("赵立新", False)


def test_identifiers_never_survive_in_free_text():
    text = (
        "当事人王建国（身份证号120110198506154213，电话13812345678，座机022-24391234，"
        "账号6222020200112233445）在华新街道某路段摆摊"
    )
    out, changed = masking.scrub(text, [("王建国", "王某某")])
    assert changed
    for secret in ("王建国", "120110198506154213", "13812345678", "24391234", "6222020200112233445"):
        assert secret not in out
    assert "王某某" in out and "[身份证号已隐去]" in out and "[电话已隐去]" in out and "[账号已隐去]" in out


def test_a_home_address_is_removed_but_the_place_of_the_violation_stays():
    text = (
        "当事人王某某（住址：天津市东丽区华新街道某小区3号楼2门301，户籍地河北省某县）"
        "于2026年3月2日在华新街道公园西路与和顺路交口占路经营"
    )
    out, changed = masking.scrub(text)
    assert changed
    assert "3号楼2门301" not in out and "河北省某县" not in out
    assert "住址：[住址已隐去]，户籍地[住址已隐去]）" in out
    assert "在华新街道公园西路与和顺路交口占路经营" in out


def test_ordinary_text_is_left_alone():
    text = "罚款人民币200元，华新街道综合执法罚决字〔2022〕12号，第三十四条"
    assert masking.scrub(text) == (text, False)


# ---- the policy decisions of masking.py, pinned ------------------------------------------------------------
def scrubbed(text: str) -> str:
    return masking.scrub(text)[0]


def test_officials_names_and_certificate_numbers_stay_public():
    text = "执法人员王强、李伟等2人（执法证号：12011200456、12011200789）向当事人出示执法证件"
    assert scrubbed(text) == text


def test_an_organisations_seat_and_representative_stay_a_persons_home_goes():
    company = "当事人天津市东丽区宏达土石方工程有限公司，住所：天津市东丽区华新街道华新路8号，法定代表人赵立新，男。"
    assert scrubbed(company) == company
    person = "当事人张某某，男，住所地：天津市东丽区华新街道昌盛里5号楼1门301。"
    assert scrubbed(person) == "当事人张某某，男，住所地：[住址已隐去]。"
    shop = "经营者王某某，经营场所：华新街道和顺路8号。"
    assert scrubbed(shop) == shop


def test_a_sole_traders_credit_code_stays_even_without_a_letter():
    text = "统一社会信用代码921201101584805505；92120110MA05XXXX3K；身份证号120110198506154213"
    assert scrubbed(text) == "统一社会信用代码921201101584805505；92120110MA05XXXX3K；身份证号[身份证号已隐去]"


@pytest.mark.parametrize(
    "text",
    [
        "当事人在华新街道华新路12号门前堵住消防通道，罚款人民币2000元。",
        "东丽华新罚〔2026〕12号，依据《城市市容和环境卫生管理条例》第三十四条第（二）项。",
        "2026年3月2日14时30分，群众通过12345热线反映；2026-03-02；罚款20000元；约15平方米；工单号HX20261009-0153。",
        "行政机关应当及时告知当事人违法事实，为当事人查询、陈述和申辩提供便利。",
        "应当责令其监护人严加看管和治疗；经营者向大气排放污染物。",
        "当事人在其住所附近的华新路12号门前摆摊；本机关住所：天津市东丽区华新街道华新路1号。",
        "周边居民区内堆放杂物，居民楼东侧，员工宿舍，亲属关系，群众强烈反映，业主商铺。",
        "当事人文化程度为初中，当事人母亲称其不知情，当事人任意倾倒垃圾。",
        "当事人住院治疗期间，居民住户反映当事人在华新路12号门前摆摊。",
    ],
)
def test_public_text_is_left_alone(text):
    # 住 inside 堵住 is no home; 12345 is the city hotline; a 工单号 is no account; law text names no person.
    assert scrubbed(text) == text


@pytest.mark.parametrize(
    "text, gone",
    [
        ("执法人员到达时，张三、李四等人正在华新路摆摊。", ["张三", "李四"]),
        ("张三，男，1985年3月12日出生，住华新街道昌盛里5号楼。", ["张三", "1985年3月12日", "昌盛里5号楼"]),
        ("被告知人：马小红（手机号：186-2200-3344），支付宝账号：mxh2000。", ["马小红", "186-2200-3344", "mxh2000"]),
        ("当事人护照号码：E12345678，港澳通行证号C98765432。", ["E12345678", "C98765432"]),
        (
            "当事人刘某某，85年3月出生，籍贯河北省沧州市，现租住于华新街道程林庄村112号。",
            ["85年3月", "沧州市", "程林庄村"],
        ),
        ("当事人冯建军的妻子吕秀芝和儿子冯浩当场认可违法事实。", ["冯建军", "吕秀芝", "冯浩"]),
        (
            "联系人：范文芳　联系电话：１３９２０１２３４５６　邮箱：fanwf@126.com",
            ["范文芳", "２３４５６", "fanwf@126"],
        ),
        ("车牌号码：津 B 6J218；津A·D12345；冀J12345挂", ["B 6J218", "D12345", "J12345"]),
        ("当事人：张三 性别：男 住址：华新街道昌盛里3号楼2门101 民族：汉族", ["张三", "昌盛里3号楼"]),
        ("当事人欧阳修文因占道经营被罚款人民币500元；当事人赵六微信号是zhaoliu_888。", ["欧阳修文", "赵六", "zhaoliu"]),
        ("当事人李四，电话(+86)13912345678，座机022-24391234转8001。", ["李四", "13912345678", "24391234"]),
        ("证人王芳说，邻居刘二说他看见了，当事人张小三，男。", ["王芳", "刘二", "张小三"]),
        ("李四（系当事人之妻）在场，王五，系当事人的邻居，证实属实。", ["李四", "王五"]),
        ("当事人虞允文在华新路摆摊，当事人母亲张三称其不知情，证人施斋称属实。", ["虞允文", "张三", "施斋"]),
        ("当事人李某，住前进里5号楼；其妻现住内江路3号；其子暂住和顺路39号楼。", ["前进里", "内江路", "和顺路"]),
        # A bare 住 right after the person's role, with no name or comma between (当事人住…, 房东住…, 本人住…).
        (
            "当事人住华新街道昌盛里17号楼3门402；房东住前进里5号楼；本人住在和顺路39号楼；其妻子住内江路3号。",
            ["昌盛里17号楼", "前进里", "和顺路", "内江路"],
        ),
        (
            "V信：zs2020tj，WeChat ID: tom_2020，wxid_abcdef1，生日：3月12日",
            ["zs2020tj", "tom_2020", "abcdef1", "3月12日"],
        ),
    ],
)
def test_personal_data_goes_in_other_styles_too(text, gone):
    out = scrubbed(text)
    assert [g for g in gone if g in out] == [], out


def test_the_partys_names_may_be_pairs_or_bare_names():
    assert masking.scrub("张三在华新路摆摊，张三称不知情", ["张三"])[0] == "张某某在华新路摆摊，张某某称不知情"
    assert masking.scrub("张三在华新路摆摊", [["张三", "张某某"]])[0] == "张某某在华新路摆摊"
    assert masking.scrub(None) == ("", False)
