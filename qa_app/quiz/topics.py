"""Training topics: a trainer picks "放行" or "不良事件监测", not clause ids.

An item belongs to a topic when the sentence it tests names one of the topic's words, or is
about one of the topic's activities of the responsibility matrix (``data/activities.yaml``,
read with the matrix's own patterns: 上市放行 and 生产放行 are both 放行). Only the sentence
counts, not the headings above it: a sentence under a 放行 heading that asks for batch
records is about records. Edit freely; the keys are what the CLI's --topics and the page offer.
"""

from __future__ import annotations

from functools import lru_cache

from qa_app.matrix import Activity, load_activities

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

# Matrix activity id -> the topic it belongs to.
ACTIVITY_TOPICS: dict[str, str] = {
    "registration-qms-verification": "注册与备案", "routine-inspection": "监督检查",
    "for-cause-inspection": "监督检查", "joint-inspection": "监督检查", "delegated-inspection": "监督检查",
    "cross-region-reporting": "监督检查", "quality-sampling": "监督检查", "case-investigation": "法律责任",
    "adverse-event-monitoring": "不良事件监测", "market-release": "放行", "production-release": "放行",
    "quality-agreement": "质量协议", "purchasing-supplier-audit": "采购与供应商", "change-control": "变更管理",
    "capa": "质量管理体系", "credit-records": "记录与追溯", "certificate-annotation": "注册与备案",
    "recall": "召回", "annual-self-inspection": "自查与报告", "accountability-interview": "监督检查",
}


@lru_cache(maxsize=1)
def _activities() -> tuple[Activity, ...]:
    return tuple(a for a in load_activities() if a.id in ACTIVITY_TOPICS)


def topics_of(*texts: str) -> tuple[str, ...]:
    joined = " ".join(texts)
    found = {ACTIVITY_TOPICS[a.id] for a in _activities() if a.matches(joined)}
    return tuple(name for name, words in TOPICS.items() if name in found or any(w in joined for w in words))
