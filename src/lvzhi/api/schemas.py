"""Request and response shapes of the REST API (msgids in English, descriptions in Chinese
for the people who integrate with it)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Schema
from pydantic import model_validator


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
    actions: list[str] = Field(
        description="调用者现在可以对这件建议办理的步骤（流程定义 suggestions/workflow.py 中的"
        "步骤名，例如 submit、invite、evaluate_close），与网页所示一致"
    )
    replies: list[dict[str, str]] = Field(description="答复：单位、办理结果、正文")
    timeline: list[dict[str, str]] = Field(description="办理过程")


class SuggestionDraftIn(Schema):
    term_id: int = Field(description="届次编号（本人在任的届）")
    title: str = Field(description="标题", max_length=200)
    body: str = Field(description="正文", max_length=20000)
    category: str = Field("other", description="类别代码")


class CosignIn(Schema):
    accept: bool = Field(description="true 确认联名，false 谢绝")


class SuggestionEvaluationIn(Schema):
    rating: str = Field(
        description="评价：satisfied 满意 / basically 基本满意 / unsatisfied 不满意"
    )
    comment: str = Field("", max_length=2000, description="评价意见（可不填）")
    rehandle: bool = Field(False, description="不满意时退回重新办理")


# ---- public endpoints -----------------------------------------------------------------------


class TextFilter(Schema):
    q: str = Field("", max_length=64, description="检索词")


class DeputyFilters(Schema):
    q: str = Field("", max_length=32, description="姓名、拼音或拼音首字母")
    level: str = Field(
        "",
        pattern="^(|prefecture|county|township)$",
        description="层级：prefecture/county/township",
    )
    division: str = Field(
        "", pattern="^[0-9]{0,12}$", description="行政区划代码前缀（县市六位、乡镇九位）"
    )
    delegation: int | None = Field(None, ge=1, le=2**62, description="代表团编号")


class OrganisationFilters(Schema):
    kind: str = Field("", max_length=32, description="机构类别代码，如 delegation、station")
    parent: int | None = Field(None, ge=1, le=2**62, description="上级机构编号")


class SeatPublic(Schema):
    id: int = Field(description="任职记录的稳定编号")
    congress: str = Field(description="人民代表大会")
    term: str = Field(description="届次")
    level: str = Field(description="层级代码")
    level_label: str = Field(description="层级")
    electoral_unit: str = Field(description="选举单位")
    division_code: str | None = Field(description="选举单位所在行政区划代码")
    delegation: str | None = Field(description="代表团")
    delegation_id: int | None = Field(description="代表团编号")
    deputy_group: str | None = Field(description="代表小组")


class DeputyPublic(Schema):
    id: int = Field(description="代表的稳定编号")
    name: str = Field(description="姓名")
    name_pinyin: str = Field(description="姓名拼音（排序用）")
    gender: str = Field(description="性别")
    ethnicity: str = Field(description="民族")
    position: str = Field(description="工作单位及职务")
    public_contact: str = Field(description="公开的联系渠道")
    seats: list[SeatPublic] = Field(description="现任的代表职务")


class OrganisationPublic(Schema):
    id: int = Field(description="机构的稳定编号")
    name: str = Field(description="名称")
    short_name: str = Field(description="简称")
    kind: str = Field(description="类别代码")
    kind_label: str = Field(description="类别")
    parent_id: int | None = Field(description="上级机构编号")
    division_code: str | None = Field(description="行政区划代码")


class SuggestionPublic(Schema):
    id: int = Field(description="稳定的编号")
    number: int | None = Field(description="建议号")
    title: str = Field(description="标题")
    term: str = Field(description="届次")
    category: str = Field(description="类别代码")
    category_label: str = Field(description="类别")
    proposer: str = Field(description="领衔代表姓名")
    status: str = Field(description="状态：replied 已答复 / closed 已办结")
    submitted_at: dt.datetime | None = Field(description="提交时间")


class ReplyPublic(Schema):
    unit: str = Field(description="承办单位")
    result_class: str = Field(
        description="办理结果代码：A 已解决或采纳，B 正在解决或列入计划，C 暂不能解决并说明理由"
    )
    result_label: str = Field(description="办理结果")
    replied_at: dt.datetime = Field(description="答复时间")
    body: str = Field(description="答复正文")


class SuggestionPublicDetail(SuggestionPublic):
    body: str = Field(description="正文")
    replies: list[ReplyPublic] = Field(description="承办单位的答复")


class ProposalPublic(Schema):
    id: int = Field(description="稳定的编号")
    number: int | None = Field(description="议案号")
    kind: str = Field(description="类型代码")
    kind_label: str = Field(description="类型")
    subject: str = Field(description="案由")
    congress: str = Field(description="人民代表大会")
    term_number: int = Field(description="第几届")
    session_number: int = Field(description="第几次会议")
    proposer: str = Field(description="领衔代表姓名")
    delegation: str | None = Field(description="代表团")
    status: str = Field(description="状态代码")
    status_label: str = Field(description="状态")
    decided_on: dt.date | None = Field(description="主席团决定日期")


class HandlingPublic(Schema):
    unit: str = Field(description="承办单位")
    role: str = Field(description="主办或协办")
    result: str = Field(description="办理结果")
    reported_on: dt.date | None = Field(description="报告日期")


class ProposalPublicDetail(ProposalPublic):
    grounds: str = Field(description="案据")
    plan: str = Field(description="方案")
    cosigners: list[str] = Field(description="附议代表")
    handlings: list[HandlingPublic] = Field(description="办理情况")


class PopoloExport(Schema):
    persons: list[dict[str, Any]] = Field(description="Popolo Person：现任代表")
    organizations: list[dict[str, Any]] = Field(description="Popolo Organization：组织机构")
    memberships: list[dict[str, Any]] = Field(description="Popolo Membership：代表任职")
    areas: list[dict[str, Any]] = Field(
        description="Popolo Area：导出中 area_id 所指的行政区划及其上级（编号 division/<区划代码>）"
    )


class DeputyRecord(Schema):
    """A deputy as the staff directory shows them: phone and ID numbers masked."""

    id: int = Field(description="代表的稳定编号")
    name: str = Field(description="姓名")
    birth_date: dt.date = Field(description="出生日期")
    position: str = Field(description="工作单位及职务")
    phone_masked: str = Field(description="电话（已遮蔽）")
    id_number_masked: str = Field(description="身份证号（已遮蔽）")
    seats: list[SeatPublic] = Field(description="各届任职（含已离任）")


class ChannelsOut(Schema):
    offered: list[str] = Field(
        description="本平台已配置的外发渠道：email（电子邮件）、sms（短信）、webhook；"
        "站内消息始终开启，不在其中"
    )
    channels: dict[str, bool] = Field(
        description="每个外发渠道是否开启（本人选择，未选择时为默认值）"
    )
    webhook_url: str = Field(description="本人的 Webhook 推送地址（未设置时为空）")


class ChannelsIn(Schema):
    channels: dict[str, bool] = Field(
        default_factory=dict, description='要开启或关闭的外发渠道，如 {"email": false}'
    )
    webhook_url: str | None = Field(
        None,
        max_length=300,
        description="Webhook 推送地址（仅限管理员允许的主机）；空字符串删除；不传则不变",
    )

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, data: Any) -> Any:
        # Every field is optional, so anything but a JSON object would otherwise pass as "no
        # change" (ninja reads fields off whatever it is given, wrapped in its DjangoGetter).
        if not isinstance(getattr(data, "_obj", data), dict):
            raise ValueError("请求体应为 JSON 对象")
        return data


class PageIn(Schema):
    """The paging parameters of every list (the same names and defaults as django-ninja's
    limit/offset pagination, described in Chinese; an offset past any real list is refused
    as bad input rather than handed to the database)."""

    limit: int = Field(100, ge=1, description="每页条数，至多 100（超过按 100 计）")
    offset: int = Field(0, ge=0, le=2_000_000_000, description="跳过前多少条（从 0 开始）")
