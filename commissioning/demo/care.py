"""Demo people and care packages, from the situations in seeds 003 and 004.

- About 400 people of Eastshire with clearly synthetic NHS numbers (the 999
  range reserved for testing; serials 0–9,999 belong to this module).
- Home care packages called off under IDC-2018 (2018–2021) that stayed with
  their provider until a review moved them (seed 004), under HCS-2020, and
  under HCS-2024, placed through brokerage in tier and rank order (seed 003),
  a few still being sourced today.
- Specialist learning disability and unpaid carers' support packages.
- Reviews, most of them provider-led, that adjust hours (seed 003).
- Short-break packages with Respite Plus and Time Out Short Breaks whose
  weekly hours are banked and used within the 4-week window (seed 004).

Together the active packages come to a few thousand hours a week. Dates
around today are relative to today; the same seed gives the same rows.
A package is linked to its provider's contract for the service (under the
package's framework, if any) in force when it started, where the contract
register has one; without the register's demo data packages have none.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import ROUND_FLOOR, Decimal

from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from commissioning.common import nhs
from commissioning.common.audit import current_user
from commissioning.common.choices import ServiceType
from commissioning.models import (
    BrokerageOffer,
    CarePackage,
    Contract,
    HourBankUsage,
    OfferResponse,
    PackageReview,
    PackageStatus,
    Person,
    ReviewLead,
)
from commissioning.selectors.care.hour_bank import HourBank, Schedule, Use, week_starting
from commissioning.selectors.care.packages import review_due
from providers.demo import provider
from tenders.demo import framework
from tenders.models import FrameworkMember

D = dt.date
PEOPLE = 400
SEED = 20240401

GIVEN_OLDER_WOMEN = (
    "Margaret", "Patricia", "Barbara", "Jean", "Joan", "Dorothy", "Doris", "Irene", "Sheila",
    "Maureen", "Brenda", "Pauline", "Christine", "Sylvia", "Valerie", "Eileen", "Kathleen",
    "Audrey", "Betty", "Mavis", "Hilda", "Elsie", "Edna", "Marjorie", "Beryl", "Rita",
    "Shirley", "Janet", "Ann", "Mary", "Elizabeth", "Gwen", "Nasreen", "Shamim", "Hyacinth",
    "Krystyna", "Rajinder", "Bridget", "Phyllis", "Vera",
)  # fmt: skip
GIVEN_OLDER_MEN = (
    "John", "David", "Michael", "Peter", "Brian", "Robert", "William", "Kenneth", "Ronald",
    "Derek", "Raymond", "Dennis", "Alan", "Keith", "Roy", "Colin", "Geoffrey", "Terence",
    "Frank", "George", "Arthur", "Harold", "Norman", "Stanley", "Leslie", "Trevor", "Malcolm",
    "Barry", "Anthony", "Graham", "Gordon", "Eric", "Albert", "Ernest", "Mohammed", "Abdul",
    "Winston", "Delroy", "Gurpreet", "Wojciech",
)  # fmt: skip
GIVEN_YOUNGER = (
    "James", "Daniel", "Thomas", "Ryan", "Liam", "Jack", "Ben", "Connor", "Kieran", "Nathan",
    "Sophie", "Emma", "Chloe", "Hannah", "Rebecca", "Laura", "Jade", "Aisha", "Priya", "Amy",
    "Lucy", "Megan", "Callum", "Zara",
)  # fmt: skip
FAMILY = (
    "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas",
    "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards",
    "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood",
    "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore", "Clark", "Lee", "King",
    "Baker", "Harrison", "Morgan", "Allen", "James", "Scott", "Phillips", "Watson", "Davis",
    "Parker", "Price", "Bennett", "Young", "Griffiths", "Mitchell", "Kelly", "Cook", "Carter",
    "Richardson", "Bailey", "Collins", "Bell", "Shaw", "Murphy", "Miller", "Cox", "Richards",
    "Khan", "Marshall", "Anderson", "Simpson", "Ellis", "Adams", "Singh", "Begum", "Wilkinson",
    "Foster", "Chapman", "Powell", "Webb", "Rogers", "Gray", "Mason", "Ali", "Hunt", "Hussain",
    "Campbell", "Matthews", "Owen", "Palmer", "Holmes", "Mills", "Barnes", "Knight", "Lloyd",
    "Butler", "Russell", "Barker", "Fisher", "Stevens", "Jenkins", "Murray", "Dixon", "Harvey",
    "Kowalski", "O'Brien", "Okonkwo", "Ahmed", "Kaur", "Nowak", "McDonald", "Fletcher",
)  # fmt: skip
# Eastshire's postcode districts and the towns in them.
DISTRICTS = (
    ("ES1", "Eastbridge"),
    ("ES2", "Eastbridge"),
    ("ES3", "Kingsford"),
    ("ES4", "Millbrook"),
    ("ES5", "Ashby Green"),
    ("ES6", "Westhaven"),
    ("ES7", "Northmoor"),
    ("ES8", "Fenwick"),
    ("ES9", "Carlton Marsh"),
    ("ES10", "Hollowell"),
    ("ES11", "Saltham"),
    ("ES12", "Brindley Heath"),
)
# The inward code's last two letters never use C, I, K, M, O or V.
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

HOME_CARE_HOURS = (3.5, 5, 7, 7, 8.75, 10.5, 10.5, 12.25, 14, 14, 17.5, 21, 24.5, 28)
LD_HOURS = (15, 20, 24, 28, 35, 40)
CARERS_HOURS = (2, 3, 4, 4, 6)
SHORT_BREAK_HOURS = (3, 4, 5, 6, 6, 8, 10)

NOTES = {
    (ReviewLead.PROVIDER, -1): (
        "Now manages breakfast independently; morning call shortened.",
        "Evening call no longer needed since moving to a ground-floor bedroom.",
        "Second carer no longer needed for transfers after physiotherapy.",
        "Reablement goals met: lunchtime call stopped.",
        "Family now prepares the evening meal; teatime call reduced.",
    ),
    (ReviewLead.PROVIDER, 0): (
        "Package meets assessed needs; no change.",
        "Outcomes being met; carers report good engagement.",
    ),
    (ReviewLead.PROVIDER, 1): (
        "Mobility has declined: double-up needed for the bedtime call.",
        "Medication prompts added at lunchtime after a GP review.",
    ),
    (ReviewLead.COUNCIL, -1): (
        "Carer's assessment: family now covers weekends.",
        "Attends a day centre three days a week; daytime calls reduced.",
    ),
    (ReviewLead.COUNCIL, 0): (
        "No change: package meets assessed needs.",
        "Annual review with the person and their daughter; no change.",
    ),
    (ReviewLead.COUNCIL, 1): (
        "Needs increased after a fall; lunchtime call added.",
        "Hospital discharge: extra call at bedtime for four weeks, then review.",
    ),
}
MOVE_NOTES = (
    "Moved to a new framework provider at review, as the previous arrangement has ended.",
    "Provider could not cover the double-up calls; moved at review with the person's agreement.",
    "The person asked for a provider with carers who speak Punjabi; moved at review.",
)
SKIP_REASONS = (
    "Needed within 24 hours for a hospital discharge; Tier 1 providers phoned had no capacity.",
    "Rural area near Northmoor: no Tier 1 provider covers these call times.",
    "The person asked to stay with the Tier 2 provider who supported their late husband.",
)


def half_hours(hours: Decimal) -> Decimal:
    """Rounded down to a half hour, so never more than was available."""
    return (hours * 2).to_integral_value(rounding=ROUND_FLOOR) / 2


@dataclass
class Plan:
    """One package being put together before it is saved."""

    person: Person
    service_type: str
    framework: object
    start: dt.date
    hours: Decimal
    provider: object = None
    requested_on: dt.date | None = None
    sourced_on: dt.date | None = None
    end: dt.date | None = None
    status: str = PackageStatus.ACTIVE
    time_critical: bool = False
    reviews: list[PackageReview] = field(default_factory=list)
    offers: list[BrokerageOffer] = field(default_factory=list)
    usage: list[HourBankUsage] = field(default_factory=list)


class DemoCare:
    def __init__(self, today: dt.date):
        self.today = today
        self.rng = random.Random(SEED)
        self.idc = framework("IDC-2018")
        self.hcs2020 = framework("HCS-2020")
        self.hcs2024 = framework("HCS-2024")
        self.members = {}
        for member in FrameworkMember.objects.select_related("tier", "provider").order_by(
            "tier__priority", "rank"
        ):
            key = (member.framework_id, member.tier.name)
            self.members.setdefault(key, []).append(member)
        # The contract register is optional here (its demo may not be loaded).
        self.contracts = list(Contract.objects.order_by("-start_date", "reference"))
        self.respite = (provider("Respite Plus"), provider("Time Out Short Breaks"))

    # --- People ---------------------------------------------------------------

    def people(self) -> list[Person]:
        rng = self.rng
        people = []
        for serial in range(PEOPLE):
            younger = serial % 10 == 7  # learning disability, carers and some short breaks
            woman = rng.random() < 0.62
            if younger:
                given = rng.choice(GIVEN_YOUNGER)
                born = self.today - dt.timedelta(days=rng.randrange(19 * 365, 60 * 365))
            else:
                given = rng.choice(GIVEN_OLDER_WOMEN if woman else GIVEN_OLDER_MEN)
                born = self.today - dt.timedelta(days=rng.randrange(66 * 365, 101 * 365))
            district, town = rng.choice(DISTRICTS)
            inward = f"{rng.randrange(1, 10)}{rng.choice(POSTCODE_LETTERS)}"
            inward += rng.choice(POSTCODE_LETTERS)
            people.append(
                Person(
                    nhs_number=nhs.synthetic(serial),
                    local_authority_id=f"ECC{104000 + serial * 7}",
                    given_name=given,
                    family_name=rng.choice(FAMILY),
                    date_of_birth=born,
                    postcode=f"{district} {inward}",
                    locality=town,
                )
            )
        return people

    # --- Helpers --------------------------------------------------------------

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randrange(0, max(1, (last - first).days + 1)))

    def tier(self, fw, name: str):
        return self.members[(fw.pk, name)]

    def contract(self, plan: Plan):
        """The provider's contract for this service (under the package's
        framework, if any) in force when the package started, if registered."""
        if plan.provider is None:
            return None
        framework_id = plan.framework.pk if plan.framework else None
        return next(
            (
                contract
                for contract in self.contracts
                if contract.provider_id == plan.provider.pk
                and contract.framework_id == framework_id
                and contract.service_type == plan.service_type
                and contract.start_date <= plan.start
            ),
            None,
        )

    # --- Brokerage (HCS-2024) ---------------------------------------------------

    def broker(
        self, plan: Plan, tiers: list[str], *, skip_to_lower: bool = False, placed: bool = True
    ) -> None:
        """Offer in tier and rank order until someone accepts (or today).
        A package not ``placed`` is still waiting for an answer today."""
        rng = self.rng
        members = [m for name in tiers for m in self.tier(plan.framework, name)]
        day = plan.requested_on
        skip_at = rng.randrange(1, 4) if skip_to_lower and len(tiers) > 1 else None
        offered = 0
        reason = ""
        for member in members:
            if skip_at is not None and offered == skip_at and member.tier.name == tiers[0]:
                continue  # goes to the next tier early, with a reason below
            if day > self.today:
                break
            if skip_at is not None and member.tier.name != tiers[0] and not reason:
                # Every lower-tier offer while Tier 1 providers wait needs the reason.
                reason = rng.choice(SKIP_REASONS)
            offer = BrokerageOffer(
                provider=member.provider,
                tier=member.tier,
                rank=member.rank,
                offered_on=day,
                out_of_order_reason=reason,
            )
            plan.offers.append(offer)
            offered += 1
            answered = day + dt.timedelta(days=rng.choice((0, 0, 1, 1, 2, 3)))
            if answered > self.today or (not placed and answered == self.today):
                return  # still waiting for this answer
            accepts = placed and rng.random() < 0.25 + 0.07 * min(offered, 5)
            offer.responded_on = answered
            if accepts:
                offer.response = OfferResponse.ACCEPTED
                plan.provider = member.provider
                plan.sourced_on = answered
                return
            offer.response = rng.choice(
                (OfferResponse.NO_CAPACITY, OfferResponse.NO_CAPACITY, OfferResponse.DECLINED)
            )
            day = answered

    # --- Reviews -------------------------------------------------------------------

    def review(self, plan: Plan, *, moves_to=None, move_after: dt.date | None = None) -> None:
        """Reviews at the local rule's dates (with the slippage of real life),
        most provider-led, adjusting hours; some packages are left overdue."""
        rng = self.rng
        last_day = min(self.today, plan.end) if plan.end else self.today
        hours = plan.hours
        current = plan.provider
        last = None
        overdue = rng.random() < 0.08
        while True:
            due = review_due(start_date=plan.start, last_review_date=last)
            held = due + dt.timedelta(days=rng.randrange(-10, 22))
            if held > last_day or held <= (last or plan.start):
                break
            if overdue and due > last_day - dt.timedelta(days=400):
                break
            lead = ReviewLead.PROVIDER if rng.random() < 0.6 else ReviewLead.COUNCIL
            weights = (45, 40, 15) if lead == ReviewLead.PROVIDER else (30, 45, 25)
            direction = rng.choices((-1, 0, 1), weights=weights)[0]
            step = Decimal(str(rng.choice((1.75, 2.5, 3.5) if plan.hours > 6 else (0.5, 1))))
            after = max(Decimal("1"), hours + direction * step)
            if after == hours:
                direction = 0
            new_provider = None
            notes = rng.choice(NOTES[(lead, direction)])
            if moves_to is not None and move_after and held >= move_after:
                if moves_to != current:
                    new_provider = moves_to
                    notes = MOVE_NOTES[0]
                moves_to = None
                plan.framework = self.hcs2024  # called off under the new framework from now
            elif plan.service_type == ServiceType.HOME_CARE and rng.random() < 0.03:
                choices = [m.provider for m in self.tier(self.hcs2024, "Tier 1")]
                new_provider = rng.choice([p for p in choices if p != current])
                notes = rng.choice(MOVE_NOTES[1:])
            plan.reviews.append(
                PackageReview(
                    review_date=held,
                    led_by=lead,
                    hours_before=hours,
                    hours_after=after,
                    provider_before=current,
                    new_provider=new_provider,
                    outcome_notes=notes,
                )
            )
            hours, last = after, held
            if new_provider is not None:
                current = new_provider
        plan.hours = hours
        plan.provider = current

    # --- Short breaks -----------------------------------------------------------

    def use_short_breaks(self, plan: Plan) -> None:
        """Use that banks some weeks and spends it on longer breaks, drawn
        only from hours available (the same calculation as the service)."""
        rng = self.rng
        schedule = Schedule(
            start=plan.start,
            end=plan.end,
            initial_hours=plan.reviews[0].hours_before if plan.reviews else plan.hours,
            changes=tuple((r.review_date, r.hours_after) for r in plan.reviews),
        )
        uses: list[Use] = []
        last_day = min(plan.end, self.today) if plan.end else self.today
        monday = week_starting(plan.start)
        while monday <= last_day:
            pattern = rng.random()
            if pattern < 0.35:
                monday += dt.timedelta(weeks=1)
                continue  # banking this week's hours
            day = max(plan.start, monday + dt.timedelta(days=rng.randrange(0, 7)))
            if day > last_day:
                break
            available = HourBank(schedule, uses, through=day).available_on(day)
            wanted = available if pattern > 0.85 else schedule.hours_in_force(day)
            hours = half_hours(min(wanted, available))
            if hours > 0:
                uses.append(Use(day, hours))
            monday += dt.timedelta(weeks=1)
        if plan.end is None and rng.random() < 0.5:
            day = self.today + dt.timedelta(days=rng.randrange(3, 18))
            available = HourBank(schedule, uses, through=day).available_on(day)
            hours = half_hours(min(available, Decimal("6")))
            if hours > 0:
                uses.append(Use(day, hours, "booked"))
        for use in uses:
            notes = "Booked: overnight break while carer is away" if use.key else ""
            if not notes and use.hours >= 8:
                notes = "Day out with the short-break worker"
            plan.usage.append(HourBankUsage(date=use.date, hours=use.hours, notes=notes))

    # --- Packages ----------------------------------------------------------------

    def home_care(self, person: Person, era: str) -> Plan:
        rng = self.rng
        hours = Decimal(str(rng.choice(HOME_CARE_HOURS)))
        critical = rng.random() < 0.3
        if era == "idc":
            start = self.day_between(D(2018, 1, 8), D(2021, 12, 20))
            members = self.tier(self.idc, "Framework providers")
            plan = Plan(person, ServiceType.HOME_CARE, self.idc, start, hours)
            plan.provider = rng.choice(members).provider
        elif era == "hcs2020":
            start = self.day_between(D(2020, 4, 6), D(2024, 3, 25))
            tier = "Tier 1" if rng.random() < 0.8 else "Tier 2"
            plan = Plan(person, ServiceType.HOME_CARE, self.hcs2020, start, hours)
            plan.provider = rng.choice(self.tier(self.hcs2020, tier)).provider
        else:
            placed = era != "sourcing"
            first = D(2024, 4, 2) if placed else self.today - dt.timedelta(days=8)
            requested = self.day_between(first, self.today - dt.timedelta(days=1))
            if not placed and rng.random() < 0.25:
                requested = self.today  # requested today: not offered to anyone yet
            plan = Plan(person, ServiceType.HOME_CARE, self.hcs2024, requested, hours)
            plan.requested_on = requested
            if requested < self.today:
                self.broker(
                    plan, ["Tier 1", "Tier 2"], skip_to_lower=rng.random() < 0.06, placed=placed
                )
            if plan.provider is None:
                plan.status = PackageStatus.SOURCING if plan.offers else PackageStatus.REQUESTED
                plan.start = requested + dt.timedelta(days=rng.randrange(3, 10))
            else:
                plan.start = plan.sourced_on + dt.timedelta(days=rng.randrange(1, 5))
        plan.time_critical = critical
        plan.requested_on = plan.requested_on or plan.start - dt.timedelta(
            days=rng.randrange(2, 15)
        )
        return plan

    def specialist(self, person: Person, service_type: str, tier: str, hours) -> Plan:
        rng = self.rng
        requested = self.day_between(D(2024, 4, 2), self.today - dt.timedelta(days=20))
        plan = Plan(person, service_type, self.hcs2024, requested, Decimal(str(rng.choice(hours))))
        plan.requested_on = requested
        self.broker(plan, [tier])
        if plan.provider is None:  # every specialist said no: the last one takes it
            last = plan.offers[-1]
            last.response, plan.provider = OfferResponse.ACCEPTED, last.provider
            plan.sourced_on = last.responded_on = last.responded_on or last.offered_on
        plan.start = plan.sourced_on + dt.timedelta(days=rng.randrange(1, 8))
        return plan

    def short_breaks(self, person: Person) -> Plan:
        rng = self.rng
        start = self.day_between(self.today - dt.timedelta(days=540), self.today - dt.timedelta(30))
        plan = Plan(
            person,
            ServiceType.SHORT_BREAKS,
            None,
            start,
            Decimal(str(rng.choice(SHORT_BREAK_HOURS))),
            provider=rng.choice(self.respite),
        )
        plan.requested_on = start - dt.timedelta(days=rng.randrange(5, 25))
        plan.sourced_on = start - dt.timedelta(days=rng.randrange(1, 4))
        return plan

    def end(self, plan: Plan, person: Person, *, first: dt.date, died: bool) -> None:
        plan.end = self.day_between(max(first, plan.start + dt.timedelta(days=30)), self.today)
        if plan.end < plan.start:
            plan.end = plan.start
        plan.status = PackageStatus.ENDED
        if died:
            person.date_of_death = plan.end

    def plans(self, people: list[Person]) -> list[Plan]:
        rng = self.rng
        plans: list[Plan] = []
        younger = [p for i, p in enumerate(people) if i % 10 == 7]
        older = [p for i, p in enumerate(people) if i % 10 != 7]
        rng.shuffle(older)
        idc, hcs2020, hcs2024 = older[:60], older[60:120], older[120:320]
        rest = older[320:]

        for index, person in enumerate(idc):
            plan = self.home_care(person, "idc")
            if index < 25:
                self.end(plan, person, first=D(2019, 3, 1), died=index % 2 == 0)
                self.review(plan)
            elif plan.provider.name in ("Quayside Care", "Riverside Home Care") or index < 40:
                # Seed 004: the package moves to a new framework provider only at review.
                target = rng.choice(self.tier(self.hcs2024, "Tier 1"))
                self.review(plan, moves_to=target.provider, move_after=self.hcs2024.start_date)
            else:
                self.review(plan)
            plans.append(plan)

        for index, person in enumerate(hcs2020):
            plan = self.home_care(person, "hcs2020")
            if index < 20:
                self.end(plan, person, first=D(2020, 9, 1), died=index % 3 == 0)
            self.review(plan)
            plans.append(plan)

        for index, person in enumerate(hcs2024):
            plan = self.home_care(person, "hcs2024" if index < 188 else "sourcing")
            if plan.provider is not None:
                if index % 13 == 0 and plan.start < self.today - dt.timedelta(days=60):
                    self.end(plan, person, first=plan.start, died=index % 2 == 0)
                elif index % 29 == 0:
                    plan.status = PackageStatus.SUSPENDED  # in hospital
                self.review(plan)
            plans.append(plan)
        carers_of = [
            plan.person
            for plan in plans[-len(hcs2024) :]
            if plan.status == PackageStatus.ACTIVE and plan.start < self.today
        ][:8]

        for index, person in enumerate(younger):
            if index < 16:
                plans.append(
                    self.specialist(
                        person, ServiceType.LEARNING_DISABILITY, "Learning Disability", LD_HOURS
                    )
                )
            elif index < 28:
                plans.append(
                    self.specialist(
                        person, ServiceType.CARERS_SUPPORT, "Unpaid Carers Support", CARERS_HOURS
                    )
                )
            else:
                plans.append(self.short_breaks(person))
        for person in rest[:12] + carers_of:
            plans.append(self.short_breaks(person))
        for plan in plans:
            if plan.service_type in (
                ServiceType.LEARNING_DISABILITY,
                ServiceType.CARERS_SUPPORT,
                ServiceType.SHORT_BREAKS,
            ):
                self.review(plan)
            if plan.service_type == ServiceType.SHORT_BREAKS:
                self.use_short_breaks(plan)
        return plans


def load(*, out) -> None:
    if Person.objects.filter(nhs_number=nhs.synthetic(0)).exists():
        out.write(f"People: {Person.objects.count()}; care packages: {CarePackage.objects.count()}")
        return
    user = current_user()
    demo = DemoCare(timezone.localdate())
    people = demo.people()
    plans = demo.plans(people)
    for person in people:
        person.created_by = person.modified_by = user
    people = bulk_create_with_history(people, Person, default_user=user)

    packages = []
    for plan in plans:
        ended = plan.status == PackageStatus.ENDED
        last_review = plan.reviews[-1].review_date if plan.reviews else None
        packages.append(
            CarePackage(
                person=plan.person,
                provider=plan.provider,
                framework=plan.framework,
                contract=demo.contract(plan),
                service_type=plan.service_type,
                requested_on=plan.requested_on,
                sourced_on=plan.sourced_on,
                start_date=plan.start,
                end_date=plan.end,
                weekly_hours=plan.hours,
                time_critical=plan.time_critical,
                status=plan.status,
                next_review_due=review_due(
                    start_date=plan.start, last_review_date=last_review, ended=ended
                ),
                created_by=user,
                modified_by=user,
            )
        )
    packages = bulk_create_with_history(packages, CarePackage, default_user=user)

    children = {PackageReview: [], BrokerageOffer: [], HourBankUsage: []}
    for plan, package in zip(plans, packages, strict=True):
        for record in (*plan.reviews, *plan.offers, *plan.usage):
            record.package = package
            record.created_by = record.modified_by = user
            children[type(record)].append(record)
    for model, records in children.items():
        bulk_create_with_history(records, model, default_user=user)

    active = [p for p in packages if p.status == PackageStatus.ACTIVE]
    out.write(
        f"People: {Person.objects.count()}; care packages: {len(packages)} "
        f"({len(active)} active, {sum(p.weekly_hours for p in active):,.0f} hours a week)"
    )
