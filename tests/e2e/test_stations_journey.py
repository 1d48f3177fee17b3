"""Browser journey (issue 8, stations): the station staff record a walk-in citizen's opinion
on site and give the tracking code; in the queue of opinions not yet triaged they assign a
citizen's opinion about the neighbourhood to the deputy as a local matter and redirect a
personal litigation matter to the courts with an explanation (R42, Art 83); the citizen reads
the explanation by the tracking code, with no name or phone number shown."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache

from lvzhi.registry.models import Deputy
from lvzhi.stations import services
from lvzhi.stations.models import MatterLevel, Opinion, Outcome, Status
from tests.stations.helpers import BODY, station, u

pytestmark = pytest.mark.e2e
LAWSUIT = "邻居占用宅基地纠纷，法院判决后对方不执行"
EXPLANATION = "此事属于个人诉讼事项，请向伊宁市人民法院申请强制执行；站里可协助联系法律援助。"


def send(page: Any, selector: str) -> None:
    """Click and wait for the page the click leads to."""
    with page.expect_navigation():
        page.click(selector)


def test_r42_staff_triage_an_opinion_and_redirect_a_litigation_matter(
    live_server: Any, browser: Any, signed_in: Any, seeded_transactional: None
) -> None:
    cache.clear()
    url = live_server.url
    st = station()
    neighbourhood = services.opinion_record(
        actor=u("station"),
        station=st,
        data=services.OpinionData(
            name="张丽", phone="13812345678", category="urban", title="小区路灯不亮", body=BODY
        ),
    )

    staff = signed_in("station", viewport=(360, 740))
    staff.goto(f"{url}/stations/{st.pk}/record/")
    staff.fill("#id_name", "吐尔逊·买买提")
    staff.fill("#id_phone", "13999012345")
    staff.select_option("#id_category", index=1)
    staff.fill("#id_title", LAWSUIT)
    staff.fill("#id_body", "我家与邻居的宅基地纠纷经法院判决，对方至今不执行，请代表帮忙督促。")
    assert staff.locator("#id_challenge").count() == 0  # no check question for staff
    send(staff, "main form button[type=submit]")
    lawsuit = Opinion.objects.get(title=LAWSUIT)
    assert lawsuit.tracking_code in staff.content()

    staff.goto(url + "/stations/opinions/?status=received")
    queue = staff.inner_text("main")
    assert LAWSUIT in queue and "小区路灯不亮" in queue
    # Triage: the neighbourhood matter goes to the deputy as a local matter.
    deputy = Deputy.objects.get(user__username="deputy")
    send(staff, "text=小区路灯不亮")
    assert "138****5678" in staff.content() and "13812345678" not in staff.content()
    staff.select_option("#id_matter_level", MatterLevel.LOCAL)
    staff.check(f"input[name=deputies][value='{deputy.pk}']")
    send(staff, "form[action$='/assign/'] button[type=submit]")
    neighbourhood.refresh_from_db()
    assert neighbourhood.status == Status.ASSIGNED

    # R42: the litigation matter is redirected; an empty explanation is refused first.
    staff.goto(f"{url}/stations/opinions/{lawsuit.pk}/")
    redirect_form = "form[action$='/redirect/']"
    send(staff, f"{redirect_form} button[type=submit]")
    lawsuit.refresh_from_db()
    assert lawsuit.status == Status.RECEIVED
    staff.fill(f"{redirect_form} textarea[name=note]", EXPLANATION)
    send(staff, f"{redirect_form} button[type=submit]")
    lawsuit.refresh_from_db()
    assert lawsuit.status == Status.HANDLED and lawsuit.outcome == Outcome.REDIRECTED
    assert lawsuit.matter_level == MatterLevel.PERSONAL

    citizen = browser.new_context(viewport={"width": 360, "height": 740}).new_page()
    citizen.goto(url + "/stations/track/")
    citizen.fill("#tr-code", lawsuit.tracking_code)
    send(citizen, "form.filters button[type=submit]")
    progress = citizen.text_content("#progress")
    assert EXPLANATION in progress and "法院" in progress
    assert "吐尔逊" not in progress and "2345" not in progress
    assert u("station").is_active
