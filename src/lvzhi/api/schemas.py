"""Request and response shapes of the REST API (msgids in English, descriptions in Chinese
for the people who integrate with it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema


class Error(Schema):
    code: str = Field(description="错误代码，如 not_found、validation_failed")
    message: str = Field(description="给人看的说明（中文）")
    field: str | None = Field(None, description="出错的字段")


class ErrorResponse(Schema):
    error: Error


class SuggestionOut(Schema):
    id: int = Field(description="稳定的编号")
    number: int | None = Field(description="提交后的建议号")
    title: str = Field(description="标题")
    status: str = Field(description="状态：draft/submitted/assigned/replied/closed …")
    category: str = Field(description="类别代码")
    due_on: dt.date | None = Field(description="答复期限（交办之日起三个月，规程第二十四条）")
    proposer: str = Field(description="领衔代表姓名")

    @staticmethod
    def resolve_proposer(obj: Any) -> str:
        return obj["proposer"] if isinstance(obj, dict) else obj.proposer.name


class SuggestionDetail(SuggestionOut):
    body: str = Field(description="正文")
    cosigners: list[str] = Field(description="已确认的联名代表")
    replies: list[dict[str, str]] = Field(description="答复：单位、办理结果、正文")
    timeline: list[dict[str, str]] = Field(description="办理过程")


class DraftIn(Schema):
    term_id: int = Field(description="届次编号（本人在任的届）")
    title: str = Field(description="标题", max_length=200)
    body: str = Field(description="正文", max_length=20000)
    category: str = Field("other", description="类别代码")


class CosignIn(Schema):
    accept: bool = Field(description="true 确认联名，false 谢绝")


class EvaluationIn(Schema):
    rating: str = Field(description="satisfied / basically / unsatisfied")
    comment: str = Field("", max_length=2000)
    rehandle: bool = Field(False, description="不满意时退回重新办理")
