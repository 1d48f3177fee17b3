"""Similar suggestions (并案 help), the unit recommendation that says why, and Chinese search."""

from __future__ import annotations

import pytest

from lvzhi.suggestions import services
from lvzhi.suggestions.models import Status, Suggestion
from lvzhi.suggestions.selectors import search_q
from lvzhi.suggestions.similarity import recommend_units, similar, tokens

from .helpers import assigned, submitted, u
from .test_pages import as_user

pytestmark = pytest.mark.django_db
ROAD = "关于加快昭苏县通村公路硬化改造的建议"
ROAD_BODY = (
    "昭苏县多个牧业村通村公路为砂石路面，雨雪天气泥泞难行，牧民转场和农畜产品运输困难。"
    "建议将这些通村公路纳入硬化改造计划，并安排养护资金。"
)


def test_tokens_cut_chinese_and_drop_stopwords() -> None:
    words = tokens("关于加快昭苏县通村公路硬化改造的建议")
    assert "公路" in words and "硬化" in words and "关于" not in words and "建议" not in words


def test_a_near_duplicate_is_found_with_a_score() -> None:
    first = submitted(title=ROAD, body=ROAD_BODY)
    submitted(
        title="关于扩充伊宁市城区义务教育学位的建议",
        body="伊宁市城区学校大班额问题突出，建议新建和改扩建一批中小学，增加学位供给。" * 2,
    )
    second = submitted(
        title="关于昭苏县牧业村通村公路硬化的建议",
        body="昭苏县牧业村的通村公路仍是砂石路，牧民出行和运输困难，建议尽快硬化。" * 2,
    )
    found = similar(second)
    assert found and found[0][0].pk == first.pk and 0 < found[0][1] <= 1


def test_recommendation_names_the_unit_that_handled_similar_ones_and_says_why() -> None:
    done = assigned()  # 通村公路, led by the education bureau in the helpers
    new = submitted(title="关于加快通村公路提升改造和养护的建议")
    [top, *_rest] = recommend_units(new)
    lead = done.assignments.get(role="lead").unit
    assert top.unit_id == lead.pk
    assert any("相似" in why for why in top.reasons)


def test_search_finds_words_in_title_body_and_reply() -> None:
    s = assigned()
    services.reply(
        actor=u("handling"),
        suggestion=s,
        result_class="A",
        body="已安排专项资金用于砂石路面硬化，预计十月完工。",
    )
    assert Suggestion.objects.filter(search_q("砂石路面"), pk=s.pk).exists()
    assert Suggestion.objects.filter(search_q("公路 改造"), pk=s.pk).exists()
    assert not Suggestion.objects.filter(search_q("口岸"), pk=s.pk).exists()


def test_staff_see_similar_items_and_merge_one_from_the_page() -> None:
    first = submitted(title=ROAD, body=ROAD_BODY)
    second = submitted(title="关于昭苏县牧业村通村公路硬化的建议", body=ROAD_BODY)
    office = as_user(u("office"))
    page = office.get(f"/suggestions/{second.pk}/").content.decode()
    assert "相似建议" in page and "建议主办单位" in page
    office.post(f"/suggestions/{second.pk}/merge/", {"into": first.pk})
    second.refresh_from_db()
    assert second.status == Status.MERGED and second.merged_into_id == first.pk


def test_merge_is_offered_only_beside_items_this_one_can_join() -> None:
    """Issue 22: "并入此件" stood beside merged or excluded items, which the merge refuses."""
    gone = submitted(title=ROAD, body=ROAD_BODY)
    open_one = submitted(title="关于昭苏县牧业村通村公路改造的建议", body=ROAD_BODY)
    services.merge(actor=u("office"), suggestion=gone, into=open_one)
    second = submitted(title="关于昭苏县牧业村通村公路硬化的建议", body=ROAD_BODY)
    page = as_user(u("office")).get(f"/suggestions/{second.pk}/").content.decode()
    assert f'href="/suggestions/{gone.pk}/"' in page  # still listed as similar
    assert f'name="into" value="{gone.pk}"' not in page
    assert f'name="into" value="{open_one.pk}"' in page
    gone.refresh_from_db()
    assert services.can_merge_into(second, open_one)
    assert not services.can_merge_into(second, gone)
