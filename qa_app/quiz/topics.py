"""Training topics: a trainer picks "上市放行" or "不良事件监测", not clause ids.

A sentence belongs to every topic one of whose words it contains (its heading path
counts too). Edit freely; the keys are what the CLI's --topics and the page offer.
"""

from __future__ import annotations

TOPICS: dict[str, tuple[str, ...]] = {
    "放行": ("上市放行", "生产放行", "放行"),
    "质量协议": ("质量协议",),
    "委托生产": ("委托生产", "受托生产", "受托方", "委托方", "再次委托", "转委托"),
    "质量管理体系": ("质量管理体系", "管理者代表", "管理评审", "内部审核", "体系核查"),
    "自查与报告": ("自查", "年度报告", "自查报告", "报告"),
    "不良事件监测": ("不良事件", "监测", "再评价", "风险评价"),
    "召回": ("召回",),
    "变更管理": ("变更",),
    "监督检查": ("监督检查", "检查", "抽检", "约谈", "飞行检查", "核查"),
    "注册与备案": ("注册证", "注册申请", "备案", "延续注册", "注册人制度", "注册检验", "自检"),
    "采购与供应商": ("供应商", "采购", "物料", "原材料"),
    "标签与说明书": ("标签", "说明书"),
    "记录与追溯": ("记录", "追溯", "唯一标识", "档案"),
    "人员与培训": ("培训", "人员", "负责人", "法定代表人"),
    "法律责任": ("罚款", "处罚", "责令", "吊销", "没收", "违法"),
    "生产与许可": ("生产许可", "生产许可证", "生产备案", "生产条件", "生产过程"),
    "经营与使用": ("经营", "使用单位", "医疗机构", "销售", "贮存", "运输"),
}


def topics_of(*texts: str) -> tuple[str, ...]:
    joined = " ".join(texts)
    return tuple(name for name, words in TOPICS.items() if any(w in joined for w in words))
