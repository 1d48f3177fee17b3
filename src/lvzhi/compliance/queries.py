"""The queries that reproduce each compliance figure (issue 19.4), shown in the drill-down
with the congress and period filled in (``rule_registry.query_text``): the ORM filter of the
check's selector, and a comment stating the comparison made per item. Keep each in step with
its check in ``checks.py`` (tests/compliance/test_drilldown_queries.py reproduces R30's).
"""

from __future__ import annotations

R02 = """\
Meeting.objects.filter(congress_id={congress}, kind="session",
    opens_at__date__range=("{start}", "{end}"))
  .annotate(notice_days=Max("notices__days_ahead"))
# per session: met ⇔ notice_days ≥ 15; no notice yet ⇔ open until opening − 15 days"""

R14 = """\
Suggestion.objects.filter(term__congress_id={congress}, assigned_on__isnull=False,
    due_on__range=("{start}", "{end}"))
  .exclude(status__in=["merged", "withdrawn"])
  .annotate(first_reply_at=Min("replies__replied_at"))
# per suggestion: met ⇔ localdate(first_reply_at) ≤ due_on (extensions included);
# red ⇔ replied, or still waiting, after assigned_on + 6 months"""

R20 = """\
DeputyGroup.objects.filter(term_id={term})
GroupActivity.objects.filter(group__term_id={term}, held_on__year={year})
# per group and quarter of the period from the quarter it was formed in:
# met ⇔ ≥ 1 activity held in the quarter; open until the quarter's last day"""

R22 = """\
Inspection.objects.filter(term_id={term}, kind="centralised", ends_on__year={year})
# met ⇔ one ended before today, in December or ≥ 1 month before the session it prepares"""

R26 = """\
Stage.objects.filter(project__term_id={term}, starts_on__range=("{start}", "{end}"))
StageInvitation.objects.filter(stage__in=stages)   # the deputies invited to each stage
# per stage: met ⇔ invited deputies whose declared expertise, occupation or committee
# matches the project (activities.rules.has_relevant_expertise) ≥ 2"""

R28 = """\
Supervision.objects.filter(term_id={term}, held_on__range=("{start}", "{end}"))
  .annotate(local=Count("invitations", filter=Q(invitations__is_local=True), distinct=True))
# per activity: met ⇔ local ≥ 2"""

R30 = """\
Meeting.objects.filter(congress_id={congress}, kind="standing_committee",
    opens_at__date__range=("{start}", "{end}"))
# per meeting m, the deputies who attended without a vote (not only invited):
Participant.objects.filter(meeting=m, role="non_voting")
  .filter(Q(registered_at__isnull=False)
          | Exists(CheckIn.objects.filter(sitting__meeting=m, deputy_id=OuterRef("deputy_id"))))
  .values("deputy_id").distinct().count()
# met ⇔ count ≥ 8"""

R31 = """\
Meeting.objects.filter(congress_id={congress}, kind="standing_committee",
    opens_at__date__range=("{start}", "{end}"))
  .annotate(first_material_at=Min("materials__published_at"))
# per meeting: met ⇔ opening − localdate(attendees_fixed_at) ≥ 10 days
#                and opening − localdate(first_material_at) ≥ 7 days"""

R32 = """\
serving = Membership.objects.filter(term_id={term}, status="serving")
trained = TrainingAttendance.objects.filter(training__term_id={term},
    training__starts_on__lte="{end}").values("deputy_id")
Deputy.objects.filter(pk__in=serving.values("deputy_id")).exclude(pk__in=trained)
# figure: (serving − not trained) / serving"""

R33 = """\
orgs = Organisation.objects.filter(division_id={division}, is_active=True,
    kind__in=contacts.policies.OBLIGED_KINDS)   # its SC, special committees, 一府一委两院
Holder.objects.filter(organisation__in=orgs, kind="sc_member", is_active=True)
Link.objects.filter(holder__in=holders, linked_on__lte="{year}-12-31")
  .exclude(ended_on__lt="{year}-01-01")
# per member: met ⇔ linked deputies = 3"""

R34 = """\
orgs = Organisation.objects.filter(division_id={division}, is_active=True,
    kind__in=contacts.policies.OBLIGED_KINDS)   # its SC, special committees, 一府一委两院
Link.objects.filter(holder__organisation__in=orgs, holder__kind="sc_member")
Contact.objects.filter(holder__organisation__in=orgs, on__year={year})
  .values("holder_id", "deputy_id").annotate(n=Count("*"))
# per member: met ⇔ every linked deputy has n ≥ 2; open while {year} runs"""

R36 = """\
orgs = Organisation.objects.filter(division_id={division}, is_active=True,
    kind__in=contacts.policies.OBLIGED_KINDS)   # its SC, special committees, 一府一委两院
Holder.objects.filter(organisation__in=orgs, kind="committee_head")
Link.objects.filter(holder__in=heads)                      # the group: 8-10 deputies
contacts.Activity.objects.filter(organisation__in=orgs, kind="group", held_on__year={year})
# per committee and half-year: met ⇔ group of 8-10 and ≥ 1 group activity in it"""

R37 = """\
orgs = Organisation.objects.filter(division_id={division}, is_active=True,
    kind__in=contacts.policies.OBLIGED_KINDS)   # its SC, special committees, 一府一委两院
YearReport.objects.filter(holder__organisation__in=orgs, year={year})
# per special committee and working body: met ⇔ its written year-end report on the
# contacts with deputies was generated; open until {year}-12-31"""

R38 = """\
orgs = Organisation.objects.filter(division_id={division}, is_active=True,
    kind__in=contacts.policies.OBLIGED_KINDS)   # its SC, special committees, 一府一委两院
Holder.objects.filter(organisation__in=orgs,
    kind__in=["organ_leader", "organ_principal"])
Link.objects.filter(holder__in=leaders)                    # about 3 grassroots deputies
contacts.Activity.objects.filter(organisation__in=orgs, held_on__year={year},
    kind__in=["forum", "briefing"])
# per leader: met ⇔ about 3 grassroots deputies linked;
# per organ: met ⇔ a forum with ≥ 10 deputies and 1-2 briefings in {year}"""

R41 = """\
leaders = Deputy.objects.filter(holds_leading_post=True,
    memberships__level="prefecture", memberships__status="serving",
    memberships__term__is_current=True).distinct()
leaders.exclude(pk__in=stations.Activity.objects.filter(held_on__year={year})
    .values("deputies"))
# figure: leaders with ≥ 1 station activity in {year} / leaders"""

R47 = """\
seats = Membership.objects.filter(seats_in_year({year}), term__congress_id={congress})
Handbook.objects.filter(year={year}, membership_id__in=seats.values("pk"))
  .values("electoral_unit_id").annotate(n=Count("*"))
# per electoral unit: met ⇔ handbooks submitted = seats held in {year}; due {year}-12-31"""
