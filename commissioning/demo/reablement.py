"""Demo reablement: seed 002's county at its real scale.

About 4,740 episodes a year (seed 002: "an average of 4740 people per annum")
from 1 April three financial years ago to today, across:

- community reablement by an NHS trust under a service level agreement and by
  the council's wholly owned care company, each the other's overflow when
  full ("we fund a fixed capacity reablement service … we look to use capacity
  from an alternative");
- an integrated discharge-to-assess service, the alternative for the pilots;
- the two short-term pilots of seed 000 (a therapy-led one and one run by the
  council's company), extended while the new service is procured.

Referrals arrive day by day (more in winter) by the step-down (hospital
discharge), step-up (community) and maintenance–transition routes and are
placed exactly as ``reablement.services`` places them: accepted when the
service has room, else redirected to its alternative, else waiting for the
next free place. So no service is ever over capacity, on any day. Episodes end
with the ten SALT sequels; 91-day follow-ups are recorded so that the
county's ASCOF 2B(1) lands near seed 002's 91%.

People are synthetic: NHS numbers from ``nhs.synthetic`` with serials from
10,000 (care's demo uses 0–9,999; tests 50,000 and up). Everything is
bulk-inserted from a seeded random generator: the same day gives the same
rows, and a second run adds nothing.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import random
from collections import deque
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.models import Max
from django.utils import timezone

from commissioning.common import nhs
from commissioning.common.audit import current_user
from commissioning.common.choices import ServiceType
from commissioning.common.dates import financial_year
from commissioning.models import Contract
from providers.demo import provider
from reablement import services
from reablement.models import (
    Benchmark,
    Episode,
    FollowUpStatus,
    ReablementService,
    Referral,
    ReferralStatus,
    Route,
    Sequel,
)

D = dt.date
ONE_DAY = dt.timedelta(days=1)
SERIAL_FROM = 10_000
SERIAL_TO = 49_999
EPISODES_A_YEAR = 4_740
YEARS_BACK = 3  # whole financial years before the current one
BATCH = 500  # rows a statement on PostgreSQL: big statements parse slower

NHS_TRUST = "Eastshire Partnership NHS Foundation Trust"
COUNCIL_COMPANY = "Eastshire Care Services"
THERAPY_PILOT_PROVIDER = "Home First Therapy Partnership"

NHS_SERVICE = "Community Reablement – Eastshire Partnership"
COMPANY_SERVICE = "Community Reablement – Eastshire Care Services"
DISCHARGE_SERVICE = "Integrated Discharge to Assess Service"
THERAPY_PILOT = "Therapy-led Reablement Pilot"
COMPANY_PILOT = "Reablement at Home Pilot"


@dataclass(frozen=True)
class DemoService:
    name: str
    provider: str
    capacity: int
    area: str
    alternative: str | None
    is_pilot: bool
    # Share of referrals asking for it, by route group.
    share_discharge: float
    share_community: float


SERVICES = (
    DemoService(NHS_SERVICE, NHS_TRUST, 190, "North and East Eastshire", COMPANY_SERVICE, False,
                0.40, 0.50),
    DemoService(COMPANY_SERVICE, COUNCIL_COMPANY, 150, "South and West Eastshire", NHS_SERVICE,
                False, 0.30, 0.40),
    DemoService(DISCHARGE_SERVICE, NHS_TRUST, 60, "County hospitals", None, False, 0.22, 0.0),
    DemoService(THERAPY_PILOT, THERAPY_PILOT_PROVIDER, 16, "Eastbridge", DISCHARGE_SERVICE, True,
                0.04, 0.05),
    DemoService(COMPANY_PILOT, COUNCIL_COMPANY, 14, "Northbridge", DISCHARGE_SERVICE, True,
                0.04, 0.05),
)  # fmt: skip

ROUTES = (
    (Route.HOSPITAL_DISCHARGE, 0.58),
    (Route.COMMUNITY, 0.30),
    (Route.MAINTENANCE_TRANSITION, 0.09),
    (Route.OTHER, 0.03),
)

HOSPITALS = (
    "Eastshire Royal Infirmary",
    "Northbridge General Hospital",
    "Kingsmere Community Hospital",
    "Westholme Community Hospital",
    "Queen Elizabeth Hospital, Greater Birmingham",
)

# What happened at the end (SALT STS002a): after a short episode, and otherwise.
EARLY_SEQUELS = (
    (Sequel.EARLY_CESSATION_NHS_EOL_DECEASED, 0.30),
    (Sequel.EARLY_CESSATION_OTHER, 0.35),
    (Sequel.EARLY_CESSATION_TO_LTS, 0.35),
)
SEQUELS = (
    (Sequel.NO_IDENTIFIED_NEEDS, 0.38),
    (Sequel.LONG_TERM_SUPPORT, 0.22),
    (Sequel.ONGOING_LOW_LEVEL, 0.14),
    (Sequel.UNIVERSAL_SIGNPOSTED, 0.12),
    (Sequel.SHORT_TERM_OTHER, 0.05),
    (Sequel.DECLINED, 0.05),
    (Sequel.SELF_FUNDING, 0.04),
)
NO_SERVICES = {
    Sequel.NO_IDENTIFIED_NEEDS,
    Sequel.UNIVERSAL_SIGNPOSTED,
    Sequel.DECLINED,
    Sequel.SELF_FUNDING,
    Sequel.EARLY_CESSATION_OTHER,
    Sequel.EARLY_CESSATION_NHS_EOL_DECEASED,
}

# Where people were on day 91 (seed 002: 91% still at home).
FOLLOW_UPS = (
    (FollowUpStatus.AT_HOME, 0.915),
    (FollowUpStatus.DIED, 0.035),
    (FollowUpStatus.IN_HOSPITAL, 0.022),
    (FollowUpStatus.IN_CARE_HOME, 0.022),
    (FollowUpStatus.NOT_CONTACTABLE, 0.006),
)

GOALS = (
    "Wash and dress without help",
    "Prepare a hot meal safely",
    "Manage medication with a dosette box",
    "Get in and out of the bath with equipment",
    "Walk to the local shop with a frame",
    "Manage the stairs safely",
    "Get back to the lunch club on Thursdays",
    "Make a hot drink and carry it safely",
    "Use the telecare pendant with confidence",
    "Get in and out of bed without help",
)

GIVEN_NAMES = (
    "Margaret", "Jean", "Joan", "Dorothy", "Barbara", "Patricia", "Irene", "Sheila",
    "Brenda", "Maureen", "Valerie", "Eileen", "Pauline", "Kathleen", "Doreen", "Sylvia",
    "Elsie", "Audrey", "Betty", "Marjorie", "Ann", "Christine", "Janet", "Susan",
    "John", "David", "Peter", "Michael", "Brian", "Kenneth", "Roy", "Alan", "Derek",
    "Raymond", "Keith", "Ronald", "Geoffrey", "Dennis", "Trevor", "Colin", "Barry",
    "Bernard", "Stanley", "Harold", "Gordon", "Malcolm", "Terence", "Anthony",
    "Amrit", "Gurdeep", "Mohammed", "Yusuf", "Winston", "Desmond", "Precious", "Nasreen",
)  # fmt: skip
FAMILY_NAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
    "Hall", "Wood", "Jackson", "Clarke", "Harris", "Lewis", "Cooper", "Hill", "Ward",
    "Morris", "Turner", "Moore", "Baker", "Parker", "Bennett", "Griffiths", "Edwards",
    "Hughes", "Shaw", "Lloyd", "Mason", "Holmes", "Price", "Bailey", "Fletcher",
    "Whitehouse", "Beech", "Bradbury", "Salt", "Bould", "Plant", "Birch", "Tonks",
    "Singh", "Kaur", "Begum", "Hussain", "Patel", "Khan", "Campbell", "Okafor",
)  # fmt: skip
LOCALITIES = (
    ("Eastbridge", "ES1"), ("Eastbridge", "ES2"), ("Northbridge", "ES3"),
    ("Kingsmere", "ES4"), ("Westholme", "ES5"), ("Ashby Parva", "ES6"),
    ("Stowe Marsh", "ES7"), ("Carrow End", "ES8"),
)  # fmt: skip


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


@dataclass
class _Person:
    serial: int
    date_of_birth: dt.date
    busy_until: dt.date
    date_of_death: dt.date | None = None
    pk: int | None = None


@dataclass
class _Referral:
    index: int
    person: _Person
    asked: str
    day: dt.date
    route: str
    discharged: dt.date | None
    hospital: str
    on_long_term_support: bool
    status: str = ReferralStatus.WAITING
    placed_with: str | None = None
    note: str = ""
    episode: _Episode | None = None


@dataclass
class _Episode:
    referral: _Referral
    service: str
    start: dt.date
    end: dt.date | None
    sequel: str
    hours_at_start: Decimal | None
    hours_at_end: Decimal | None
    goals: str
    follow_up_status: str = ""
    follow_up_recorded_on: dt.date | None = None


@dataclass
class _County:
    """The simulation: services' occupancy, waiting lists and what happened."""

    rng: random.Random
    today: dt.date
    services: dict[str, ReablementService]
    open_count: dict[str, int] = field(default_factory=dict)
    waiting: dict[str, deque] = field(default_factory=dict)
    ending: list = field(default_factory=list)  # heap of (end day, order, service)
    referrals: list[_Referral] = field(default_factory=list)
    people: list[_Person] = field(default_factory=list)
    free_people: list[_Person] = field(default_factory=list)

    def __post_init__(self):
        self.open_count = dict.fromkeys(self.services, 0)
        self.waiting = {name: deque() for name in self.services}
        self.alternative_of = {spec.name: spec.alternative for spec in SERVICES}

    # -- people --

    def person_for(self, day: dt.date) -> _Person:
        # About one referral in ten is someone who had reablement before.
        rng = self.rng
        if self.free_people and rng.random() < 0.10:
            candidate = self.free_people[rng.randrange(len(self.free_people))]
            if candidate.busy_until < day and candidate.date_of_death is None:
                return candidate
        serial = SERIAL_FROM + len(self.people)
        if serial > SERIAL_TO:
            raise RuntimeError("The reablement demo ran out of NHS number serials.")
        # Mostly older people; about one in seven under 65.
        age = (
            rng.randint(40, 64) if rng.random() < 0.14 else max(65, min(int(rng.gauss(82, 7)), 101))
        )
        born = day - relativedelta(years=age) - dt.timedelta(days=rng.randint(0, 364))
        person = _Person(serial=serial, date_of_birth=born, busy_until=day)
        self.people.append(person)
        self.free_people.append(person)
        return person

    # -- placement, as reablement.services does it --

    def has_room(self, name: str) -> bool:
        return self.open_count[name] < self.services[name].capacity

    def place(self, referral: _Referral) -> None:
        asked = self.services[referral.asked]
        alternative_name = self.alternative_of[referral.asked]
        alternative = self.services.get(alternative_name) if alternative_name else None
        if self.has_room(referral.asked):
            referral.note = services.note_accepted(
                asked, self.open_count[referral.asked], referral.day
            )
            self.start(referral, referral.asked, ReferralStatus.ACCEPTED, referral.day)
        elif alternative is not None and self.has_room(alternative_name):
            referral.note = services.note_redirected(
                asked, alternative, self.open_count[alternative_name], referral.day
            )
            self.start(referral, alternative_name, ReferralStatus.REDIRECTED, referral.day)
        else:
            referral.note = services.note_waiting(asked, alternative)
            self.waiting[referral.asked].append(referral)

    def offer_free_places(self, name: str, day: dt.date) -> None:
        """The service's own waiting list first, then overflow waiting for it."""
        while self.has_room(name):
            queue = self.waiting[name]
            own = True
            if not queue:
                overflow = [
                    other
                    for other, alternative in self.alternative_of.items()
                    if alternative == name and self.waiting[other]
                ]
                if not overflow:
                    return
                queue = min(
                    (self.waiting[other] for other in overflow),
                    key=lambda q: (q[0].day, q[0].index),
                )
                own = False
            referral = queue.popleft()
            referral.note += services.note_offered(self.services[name], own, day, day)
            status = ReferralStatus.ACCEPTED if own else ReferralStatus.REDIRECTED
            self.start(referral, name, status, day)

    def start(self, referral: _Referral, name: str, status: str, day: dt.date) -> None:
        rng = self.rng
        referral.status = status
        referral.placed_with = name
        # Length counting the start day: most within six weeks, some early
        # cessations, about one in eight overrunning.
        roll = rng.random()
        if roll < 0.10:
            length = rng.randint(1, 12)
        elif roll < 0.88:
            length = int(rng.triangular(14, 42, 30))
        else:
            length = rng.randint(43, 70)
        end = day + dt.timedelta(days=length - 1)
        hours_at_start = (
            Decimal(rng.randint(10 if referral.on_long_term_support else 5, 42)) / 2
            if rng.random() < 0.95
            else None
        )
        episode = _Episode(
            referral=referral,
            service=name,
            start=day,
            end=end if end < self.today else None,
            sequel="",
            hours_at_start=hours_at_start,
            hours_at_end=None,
            goals="\n".join(rng.sample(GOALS, 2)),
        )
        referral.episode = episode
        self.open_count[name] += 1
        heapq.heappush(self.ending, (end, referral.index, name))
        referral.person.busy_until = end
        if episode.end is not None:
            self.finish(episode, early=length <= 12)
        self.follow_up(episode)

    def finish(self, episode: _Episode, *, early: bool) -> None:
        rng = self.rng
        episode.sequel = _pick(rng, EARLY_SEQUELS if early else SEQUELS)
        start_hours = episode.hours_at_start
        if start_hours is None or rng.random() < 0.08:
            return
        if episode.sequel in NO_SERVICES:
            end_hours = Decimal(0)
        elif episode.sequel == Sequel.ONGOING_LOW_LEVEL:
            end_hours = Decimal(rng.randint(2, 8)) / 2
        elif episode.sequel == Sequel.SHORT_TERM_OTHER:
            end_hours = (start_hours * Decimal(rng.randint(3, 6)) / 10).quantize(Decimal("0.5"))
        else:  # long-term support, or early cessation leading to it
            end_hours = (start_hours * Decimal(rng.randint(5, 11)) / 10).quantize(Decimal("0.5"))
        episode.hours_at_end = end_hours

    def follow_up(self, episode: _Episode) -> None:
        """Day 91 after discharge: recorded within ten days of falling due,
        except a few never recorded."""
        referral = episode.referral
        due = services.follow_up_due(referral.discharged)
        if due is None or due > self.today:
            return
        rng = self.rng
        status = _pick(rng, FOLLOW_UPS)
        last_day = episode.end or self.today
        if status == FollowUpStatus.DIED:
            if last_day >= due:
                status = FollowUpStatus.AT_HOME
            else:
                died = last_day + dt.timedelta(days=rng.randint(1, (due - last_day).days))
                referral.person.date_of_death = died
                recorded = min(died + dt.timedelta(days=rng.randint(1, 7)), self.today)
                episode.follow_up_status = status
                episode.follow_up_recorded_on = max(recorded, died)
                return
        if rng.random() < 0.005:
            return  # never recorded: a missing follow-up
        recorded = due + dt.timedelta(days=rng.randint(0, 10))
        if recorded <= self.today:
            episode.follow_up_status = status
            episode.follow_up_recorded_on = recorded

    # -- the days --

    def run(self, first_day: dt.date) -> None:
        rng = self.rng
        day = first_day
        mean_a_day = EPISODES_A_YEAR / 365.25
        last_ended = self.today - ONE_DAY  # an episode ending today is still open
        while day <= self.today:
            # A place is free on the day its episode ends, as when a close is
            # recorded: open episodes at the end of any day never exceed capacity.
            while self.ending and self.ending[0][0] <= min(day, last_ended):
                _, _, name = heapq.heappop(self.ending)
                self.open_count[name] -= 1
            for name in self.services:
                self.offer_free_places(name, day)
            # Winter pressure: 15% more referrals in mid-January than the average.
            season = 1 + 0.15 * math.cos(2 * math.pi * (day.timetuple().tm_yday - 15) / 365.25)
            for _ in range(_poisson(rng, mean_a_day * season)):
                self.refer(day)
            day += ONE_DAY

    def refer(self, day: dt.date) -> None:
        rng = self.rng
        route = _pick(rng, ROUTES)
        discharge = route == Route.HOSPITAL_DISCHARGE
        shares = [
            (spec.name, spec.share_discharge if discharge else spec.share_community)
            for spec in SERVICES
        ]
        discharged = day - dt.timedelta(days=_pick(rng, ((0, 0.7), (1, 0.25), (2, 0.05))))
        referral = _Referral(
            index=len(self.referrals),
            person=self.person_for(day),
            asked=_pick(rng, shares),
            day=day,
            route=route,
            discharged=discharged if discharge else None,
            hospital=rng.choice(HOSPITALS) if discharge else "",
            on_long_term_support=rng.random()
            < (0.7 if route == Route.MAINTENANCE_TRANSITION else 0.08),
        )
        self.referrals.append(referral)
        # Busy while waiting; a placement sets the episode's end instead.
        referral.person.busy_until = dt.date.max
        self.place(referral)


def _poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method: enough for a mean of about 15 a day."""
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


def _services() -> dict[str, ReablementService]:
    records = {}
    for spec in SERVICES:
        records[spec.name], _ = ReablementService.objects.get_or_create(
            name=spec.name,
            defaults={
                "provider": provider(spec.provider),
                "capacity": spec.capacity,
                "area": spec.area,
                "is_pilot": spec.is_pilot,
            },
        )
    for spec in SERVICES:
        record = records[spec.name]
        if spec.alternative and record.alternative_id is None:
            record.alternative = records[spec.alternative]
            record.save(update_fields=["alternative"])
        if record.contract_id is None:
            # The contract the service runs under, when the register has one:
            # the pilots' contracts for the pilots, otherwise the provider's
            # latest reablement contract (an SLA for the NHS trust).
            record.contract = (
                Contract.objects.filter(
                    provider=record.provider,
                    service_type=ServiceType.REABLEMENT,
                    is_pilot=spec.is_pilot,
                )
                .order_by("-start_date")
                .first()
            )
            if record.contract is not None:
                record.save(update_fields=["contract"])
    return records


def _benchmarks() -> None:
    """Seed 002's comparators (a data migration loads them too)."""
    for area, percentage, source in (
        ("England", "82.9", "NHS Digital, Measures from the Adult Social Care Outcomes "
         "Framework, England 2017-18"),
        ("West Midlands", "80.0", "Regional average for 2017-18 quoted in the council's "
         "reablement market position statement"),
    ):  # fmt: skip
        Benchmark.objects.get_or_create(
            measure="ascof_2b1",
            area=area,
            financial_year=2017,
            defaults={"percentage": Decimal(percentage), "source": source},
        )


def load(*, out) -> None:
    records = _services()
    _benchmarks()
    if Referral.objects.filter(service__in=records.values()).exists():
        out.write(f"Reablement episodes: {Episode.objects.count()}")
        return
    today = timezone.localdate()
    county = _County(rng=random.Random(2017), today=today, services=records)
    county.run(D(financial_year(today) - YEARS_BACK, 4, 1))
    _insert(county, records)
    out.write(f"Reablement episodes: {Episode.objects.count()}")


def _bulk_insert(model, rows: list[dict]) -> list[int]:
    """Insert rows (dicts of field attnames) stamped as created now by the
    acting user; return their ids in order.

    ``bulk_create`` prepares every value through the model and, on SQLite,
    keeps to 999 parameters a statement: tens of thousands of rows take most
    of a minute. Plain prepared values go in one ``executemany`` on SQLite
    (which numbers the new rows on from the largest id, in order, inside this
    transaction) and in multi-row ``INSERT … RETURNING`` on PostgreSQL.
    """
    user = current_user()
    now = timezone.now()
    stamp = {
        "created_at": now,
        "modified_at": now,
        "created_by_id": user.pk if user else None,
        "modified_by_id": user.pk if user else None,
    }
    database = connections[DEFAULT_DB_ALIAS]  # the wrapper itself, not the proxy
    fields = [model._meta.get_field(name) for name in [*rows[0], *stamp]]
    needs_preparing = [
        index
        for index, field in enumerate(fields[: len(rows[0])])
        if isinstance(field, models.DateField | models.DecimalField)
    ]
    fixed = tuple(
        model._meta.get_field(name).get_db_prep_save(value, database)
        for name, value in stamp.items()
    )
    values = []
    for row in rows:
        line = list(row.values())
        for index in needs_preparing:
            line[index] = fields[index].get_db_prep_save(line[index], database)
        values.append((*line, *fixed))
    quote = database.ops.quote_name
    insert = (
        f"INSERT INTO {quote(model._meta.db_table)} "  # noqa: S608 - names from the model, quoted
        f"({', '.join(quote(field.column) for field in fields)}) VALUES "
    )
    row_sql = f"({', '.join(['%s'] * len(fields))})"
    with database.cursor() as cursor:
        if database.vendor == "sqlite":
            last_id = model.objects.aggregate(last=Max("pk"))["last"] or 0
            cursor.executemany(insert + row_sql, values)
            return list(range(last_id + 1, last_id + 1 + len(values)))
        ids = []
        for first in range(0, len(values), BATCH):
            chunk = values[first : first + BATCH]
            cursor.execute(
                f"{insert}{', '.join([row_sql] * len(chunk))} RETURNING {quote('id')}",
                [value for line in chunk for value in line],
            )
            ids.extend(row[0] for row in cursor.fetchall())
        return ids


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(GIVEN_NAMES), rng.choice(FAMILY_NAMES)


def _insert(county: _County, records: dict[str, ReablementService]) -> None:
    Person = apps.get_model("commissioning", "Person")
    ids = {name: record.pk for name, record in records.items()}
    rng = random.Random(91)
    people = []
    for person in county.people:
        given, family = _name(rng)
        locality, district = rng.choice(LOCALITIES)
        letters = "ABDEFGHJLNPQRSTUWXY"
        people.append(
            {
                "nhs_number": nhs.synthetic(person.serial),
                "local_authority_id": None,
                "given_name": given,
                "family_name": family,
                "date_of_birth": person.date_of_birth,
                "date_of_death": person.date_of_death,
                "postcode": f"{district} {rng.randint(1, 9)}{rng.choice(letters)}"
                f"{rng.choice(letters)}",
                "locality": locality,
            }
        )
    for person, pk in zip(county.people, _bulk_insert(Person, people), strict=True):
        person.pk = pk

    referral_ids = _bulk_insert(
        Referral,
        [
            {
                "person_id": r.person.pk,
                "service_id": ids[r.asked],
                "referral_date": r.day,
                "route": r.route,
                "hospital_discharge_date": r.discharged,
                "hospital": r.hospital,
                "on_long_term_support": r.on_long_term_support,
                "status": r.status,
                "placed_with_id": ids[r.placed_with] if r.placed_with else None,
                "placement_note": r.note,
            }
            for r in county.referrals
        ],
    )

    user = current_user()
    episodes = []
    for referral, referral_id in zip(county.referrals, referral_ids, strict=True):
        episode = referral.episode
        if episode is None:
            continue
        episodes.append(
            {
                "person_id": referral.person.pk,
                "service_id": ids[episode.service],
                "referral_id": referral_id,
                "route": referral.route,
                "hospital_discharge_date": referral.discharged,
                "on_long_term_support": referral.on_long_term_support,
                "start_date": episode.start,
                "planned_end_date": services.six_week_end(episode.start),
                "six_week_end": services.six_week_end(episode.start),
                "end_date": episode.end,
                "goals": episode.goals,
                "hours_at_start": episode.hours_at_start,
                "hours_at_end": episode.hours_at_end,
                "sequel": episode.sequel,
                "follow_up_due": services.follow_up_due(referral.discharged),
                "follow_up_status": episode.follow_up_status,
                "follow_up_recorded_on": episode.follow_up_recorded_on,
                "follow_up_recorded_by_id": user.pk if user and episode.follow_up_status else None,
            }
        )
    _bulk_insert(Episode, episodes)
