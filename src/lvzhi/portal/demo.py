"""Demo news of the portal (R54, Art 91), written through the real service by the office persona."""

from __future__ import annotations

import datetime as dt
import random

from lvzhi.core import clock
from lvzhi.core.demo import Progress
from lvzhi.core.models import User

from . import services
from .models import News

ITEMS = (
    (
        "自治州人大常委会开展代表进家站活动",
        "各县市代表进入联络站接待群众，收集意见建议。",
        "本月，自治州各级人大代表分批进入代表联络站，面对面听取群众对乡村振兴、"
        "义务教育、医疗保障等方面的意见建议，现场答复能够解答的问题，其余意见按程序转交办理。",
    ),
    (
        "代表建议办理情况向社会公开",
        "已答复的代表建议及办理结果可在门户网站查阅。",
        "为接受社会监督，自治州人大常委会将已答复的代表建议及承办单位的答复在门户网站公开，"
        "群众可按标题、正文检索，了解建议的办理过程和结果。",
    ),
    (
        "自治州人大常委会举办代表履职培训班",
        "新任代表学习履职知识，交流履职经验。",
        "培训班围绕代表的权利和义务、议案建议的提出与办理、闭会期间活动等内容进行专题辅导，"
        "部分代表交流了联系群众、开展调研的做法。",
    ),
    (
        "“找我的代表”功能上线",
        "选择所在乡镇（街道），即可查到本地选出的各级人大代表和联络站。",
        "门户网站新增“找我的代表”功能：选择所在乡镇或街道，即可查看在本地选出的人大代表、"
        "本县市选出的自治州人大代表，以及可以见到代表的联络站。",
    ),
)


def seed(scale: str, rng: random.Random, progress: Progress) -> None:
    office = User.objects.filter(username="office").first()
    if office is None or News.objects.exists():
        return
    today = clock.today()
    for n, (title, summary, body) in enumerate(ITEMS):
        services.news_save(
            actor=office,
            title=title,
            summary=summary,
            body=body,
            is_published=True,
            published_on=today - dt.timedelta(days=3 * (len(ITEMS) - n) + rng.randint(0, 2)),
        )
    services.news_save(
        actor=office,
        title="（草稿）代表小组活动情况通报",
        body="尚在编辑中的通报，不在门户显示。",
        is_published=False,
    )
    progress("portal", len(ITEMS) + 1, len(ITEMS) + 1)
