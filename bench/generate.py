"""Generate a deterministic, realistic meeting-notes archive for the benchmark (issue 8).

`python bench/generate.py OUT_DIR --notes N --seed S` writes, under OUT_DIR:

- `docs/meetings/` with N meetings: one file per meeting (`community/YYYY-MM-DD.md`,
  `infra/YYYY-MM-DD.md`) and yearly archive files (`team/2021.md`, one `## 25 April 2021`
  section per meeting), shaped like the seed note and FORMATS.md (roll call, 60-second
  updates, celebrations, agenda items with speaker tags and 2-space nested bullets,
  actions, GitHub references drawn Zipf-like from a recurring set);
- `docs/index.md`, `docs/people.yml`, `docs/topics.yml`;
- `baseline.yml` (plain Material site) and `minutes.yml` (the same plus `minutes`);
- `bench.json`, a manifest the runner reads (terms to search for, the note to edit).

Only the standard library is used and every random choice comes from one
`random.Random(seed)`, so the same N and seed give byte-identical files on any machine.
Why synthetic: real archives cannot be shipped at 5,000 notes, and timings are only
comparable across runs when the input is fixed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

#: Bumped whenever the output changes, so the runner's cache regenerates stale archives.
GENERATOR_VERSION = 1

#: Searched for by the runner: present in most notes.
COMMON_TERM = "release"
#: Searched for by the runner: present in exactly one meeting (a made-up word).
RARE_TERM = "quillowbrite"

#: Share of meetings per series; `team` meetings go into yearly archive files.
SERIES_SHARES = (("community", 0.45), ("infra", 0.25), ("team", 0.30))


def _words(text: str) -> list[str]:
    """Split a word bank written as prose-wrapped text (easier to read than a list)."""
    return text.split()


MONTHS = _words(
    "January February March April May June July August September October November December"
)

FIRST_NAMES = _words(
    """
Aaliyah Abdul Ada Adaeze Adrian Afsaneh Agnieszka Aiko Akira Alba Alejandro Alexis Alina
Amara Amir Ana Anders Andrea Anika Anton Arjun Astrid Ayesha Bart Beatriz Benedikt Bilal
Bjorn Bongani Bruna Camille Carlos Catalina Cedric Chen Chiara Chidi Chloe Dagny Damla
Daniel Dario Dawit Deepa Diego Dilnoza Dmitri Ebru Eduardo Eero Elif Elena Emeka Emil
Esther Fatima Federico Felipe Femi Fiona Florian Gabriela Gaurav Gideon Greta Guo Hana
Hamid Hannah Haruto Hector Helga Hiroshi Hugo Ifeoma Ignacio Ilse Imani Ines Ingrid Irina
Isaac Ivan Jamal Jana Javier Jin Joana Jonas Jorge Julia Kalani Kamal Karin Kavya Keiko
Kenji Khadija Kofi Laila Lars Leila Leon Lina Lorenzo Luca Lucia Magnus Mai Malik Mara
Marek Mariam Mateo Matilde Mehmet Mei Mikael Milan Mira Nadia Naledi Nasser Nia Nikhil
Nils Noor Olga Omar Oskar Pablo Paolo Petra Priya Quentin Rafael Rahel Ravi Reza Rina
Rosa Rui Saanvi Salma Samir Sana Santiago Sara Selin Sergei Shira Sipho Sofia Soren Sunil
Tala Tariq Teodor Thandiwe Tomas Uma Valentina Vera Viktor Wanjiru Xavier Yara Yusuf Zara
Zeynep Zofia
"""
)

LAST_NAMES = _words(
    """
Abara Achterberg Adeyemi Alvarez Andersen Aoki Arslan Bauer Becker Benali Bergstrom
Bianchi Borowski Brandt Castillo Cerny Chatterjee Chowdhury Costa Dahl Delgado Demir
Diallo Dubois Eklund Endo Esposito Farouk Ferreira Fischer Fontaine Fujita Gallo Garcia
Ghosh Goldberg Gonzaga Grunewald Haddad Halvorsen Hartmann Hashemi Hoffmann Horvath Ibrahim
Iyer Jansen Jovanovic Kaminski Kapoor Karlsson Kato Keller Khan Kimura Kowalski Kruger
Kumar Laine Larsen Lehmann Lindqvist Lopes Lund Mahlangu Marino Martins Meyer Mendes
Moreau Morales Mwangi Nagy Nakamura Navarro Ndlovu Nielsen Novak Nowak Okafor Okonkwo
Oliveira Olsen Ortega Osei Pereira Petrov Pham Popescu Quispe Rahman Ramos Reddy Richter
Rossi Sahin Salazar Sato Schmidt Schneider Sharma Silva Sokolov Suzuki Takahashi Tanaka
Tesfaye Torres Tran Ueda Varga Vasquez Vogel Wagner Weber Wojcik Yamamoto Yilmaz Zhang
Zielinski
"""
)

INSTITUTIONS = (
    """
Northfield University|Westbrook Institute of Technology|Open Data Lab|Riverside College
Harbor Research Centre|Eastgate Analytics|Lakeside University|Meridian Labs
Summit Computing|Cedar Foundation|Pinecrest University|Blue Fjord Institute
Open Lab/University of Westbrook|Kestrel Software|Granite Data Co-op|Aurora Observatory
Saltmarsh Climate Centre|Quarry Hill University|Lantern Cloud|Bramble Science Trust
Independent|Stonebridge School of Public Health|Tidewater Geoscience|Foxglove Studio
Marigold Bioinformatics Group
""".strip()
    .replace("\n", "|")
    .split("|")
)

ORG_REPOS = (
    ("hubworks", ("hub", "binderhub", "helm-chart", "team-compass", "docs", "oauthenticator")),
    ("notebook-tools", ("lab", "kernels", "widgets")),
    ("opengeo-lab", ("geoviewer", "tiles")),
)

TOPICS: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    # (id, name, description, aliases, match phrases)
    (
        "release",
        "Release process",
        "Cutting and announcing releases.",
        ("releases",),
        ("release", "changelog", "release candidate"),
    ),
    (
        "binderhub",
        "BinderHub",
        "The BinderHub service and its deployments.",
        ("binder",),
        ("binderhub", "mybinder"),
    ),
    (
        "helm-chart",
        "Helm chart",
        "Packaging the hub for Kubernetes.",
        ("chart",),
        ("helm chart", "helm upgrade"),
    ),
    (
        "authentication",
        "Authentication",
        "Login, OAuth and tokens.",
        ("auth", "oauth"),
        ("oauthenticator", "OAuth", "login flow"),
    ),
    (
        "federation",
        "Federation",
        "Redirecting traffic between public hubs.",
        ("redirection",),
        ("federation", "redirect traffic"),
    ),
    (
        "communications-plan",
        "Communications plan",
        "Where conversations happen.",
        ("comms",),
        ("communications plan", "mailing list"),
    ),
    (
        "discourse",
        "Discourse forum",
        "The community forum.",
        ("forum",),
        ("discourse", "forum thread"),
    ),
    (
        "documentation",
        "Documentation",
        "Guides, tutorials and reference docs.",
        ("docs",),
        ("documentation", "tutorial", "docs site"),
    ),
    (
        "ci",
        "Continuous integration",
        "Test infrastructure and flaky tests.",
        ("ci", "tests"),
        ("CI", "flaky test", "GitHub Actions"),
    ),
    (
        "security",
        "Security",
        "Vulnerabilities, advisories and audits.",
        ("vulnerability",),
        ("security", "advisory", "CVE"),
    ),
    (
        "kubernetes",
        "Kubernetes",
        "Clusters, nodes and autoscaling.",
        ("k8s",),
        ("kubernetes", "k8s", "autoscaler"),
    ),
    (
        "governance",
        "Governance",
        "Decision making, councils and elections.",
        ("council",),
        ("governance", "steering council", "election"),
    ),
    (
        "code-of-conduct",
        "Code of conduct",
        "The code of conduct and its committee.",
        ("coc",),
        ("code of conduct", "CoC"),
    ),
    (
        "funding",
        "Funding",
        "Grants, sponsors and budgets.",
        ("grants",),
        ("funding", "grant", "sponsor"),
    ),
    (
        "outreach",
        "Outreach and mentoring",
        "Internships, mentoring, newcomers.",
        ("mentoring",),
        ("outreachy", "mentoring", "newcomer"),
    ),
    (
        "accessibility",
        "Accessibility",
        "Making the tools usable by everyone.",
        ("a11y",),
        ("accessibility", "screen reader"),
    ),
    (
        "i18n",
        "Translation",
        "Localisation of the interface and docs.",
        ("translation",),
        ("translation", "localisation", "i18n"),
    ),
    (
        "community-call",
        "Community call",
        "The monthly all-hands call.",
        ("all-hands",),
        ("community call", "all-hands"),
    ),
    (
        "conference",
        "Conferences",
        "Talks, sprints and events.",
        ("events",),
        ("conference", "sprint", "workshop"),
    ),
    ("blog", "Blog", "Posts on the project blog.", ("blog post",), ("blog post", "blog")),
    ("gpu", "GPU support", "GPUs on the public hubs.", ("gpus",), ("GPU", "CUDA")),
    (
        "storage",
        "Storage",
        "Persistent volumes and user data.",
        ("volumes",),
        ("storage", "persistent volume", "quota"),
    ),
    (
        "performance",
        "Performance",
        "Startup times, caching and load.",
        ("speed",),
        ("performance", "startup time", "cache"),
    ),
    (
        "packaging",
        "Packaging",
        "Wheels, conda-forge and dependencies.",
        ("conda",),
        ("packaging", "conda-forge", "wheel"),
    ),
    (
        "hackathon",
        "Hackathons",
        "Hackathons and hack weeks.",
        ("hack week",),
        ("hackathon", "hack week"),
    ),
    ("roadmap", "Roadmap", "Planning the next year.", ("planning",), ("roadmap", "planning")),
    ("ovh", "OVH deployment", "The OVH federation member.", ("ovh cloud",), ("OVH",)),
)

NOUNS = _words(
    """
account adapter alert allocation announcement api approach archive argument attempt
audit backend backlog badge banner benchmark board branch budget bug build bundle
cache calendar call certificate change channel chart checklist cleanup client cluster
comment commit committee config configuration container contributor cost coverage
cron dashboard database deadline decision default dependency deployment description
design diagram discussion domain draft endpoint environment error estimate example
experiment extension feature feedback file fix fork format framework gallery gateway
guide handbook hook image incident index input installer integration interface invoice
issue kernel label layout library license limit link list log logo maintainer manifest
meeting memory metric migration milestone mirror mockup module monitor namespace node
notebook notice onboarding option outage output owner package page parser patch
permission pipeline plan plugin policy poll pool prototype provider proxy queue quota
recording redirect refactor region registry regression release repository request
requirement review roadmap role rollout runner runtime sandbox schedule schema scope
script search secret server service session setting sidebar signal snapshot spec
spreadsheet sprint stack status storage strategy style submission summary survey
swap table template test thread ticket timeline token tool tracker traffic transcript
tutorial upgrade upload usage user validator variable vendor version video volume
webhook website widget wiki workflow workshop
"""
)

ADJECTIVES = _words(
    """
accessible active annual automated awkward basic broken busy careful central cheap
clean clear close complex confusing consistent critical current custom daily dedicated
default detailed different difficult direct early easy empty experimental external
fast final flaky formal free friendly full general generic good great hard healthy
helpful hidden huge important incomplete independent informal initial internal large
late legacy lightweight local long main manual minimal minor missing modern monthly
new nice nightly obvious official old open optional outdated partial persistent
pinned popular possible previous private public quick quiet rare ready recent regular
related reliable remote rough separate shared short simple slow small smooth specific
stable stale strict strong temporary tiny unclear unused upcoming urgent useful weekly
"""
)

VERBS = _words(
    """
add adjust announce approve archive ask automate backport build bump change check
clarify clean collect compare configure confirm connect consider contact convert create
debug decide deploy deprecate describe document draft enable estimate evaluate expand
explain explore extend fix follow gather handle help highlight identify improve include
install investigate label launch link list load merge migrate monitor move open organise
outline pin plan polish port post prepare publish pull push rebase record reduce refactor
remove rename reorganise repair replace report request resolve restart restore review
revisit rewrite schedule share ship simplify sort split start summarise support switch
sync tag test track translate triage try turn unblock update upgrade upload verify watch
"""
)

IRREGULAR_PAST = {
    "build": "built",
    "write": "wrote",
    "send": "sent",
    "run": "ran",
    "make": "made",
    "try": "tried",
    "ship": "shipped",
    "debug": "debugged",
    "plan": "planned",
    "pin": "pinned",
    "tag": "tagged",
}

WEEKDAYS = _words("Monday Tuesday Wednesday Thursday Friday")

TOOLS = (
    "helm upgrade --install",
    "pip install --pre",
    "git bisect",
    "pytest -x",
    "kubectl get pods",
    "conda create",
    "pre-commit run",
    "docker build",
    "npm ci",
    "make docs",
    "tox -e py311",
)

EMOJI = (":tada:", "🎉", ":rocket:", "🚀", ":sparkles:", "💯", ":heart:", "🙏", ":smile:")

SERIES_TITLES = {
    "community": "Community Call",
    "infra": "Infrastructure Sync",
    "team": "Team Meeting",
}


def _past(verb: str) -> str:
    """Return the simple past of a verb from the bank: enough English for plausible notes."""
    if verb in IRREGULAR_PAST:
        return IRREGULAR_PAST[verb]
    if verb.endswith("e"):
        return verb + "d"
    if verb.endswith("y") and verb[-2] not in "aeiou":
        return verb[:-1] + "ied"
    return verb + "ed"


def _a(word: str) -> str:
    """`word` with its indefinite article."""
    vowel = word[0] in "aeiou" and not word.startswith(("use", "uni"))
    return ("an " if vowel else "a ") + word


def _plural(noun: str) -> str:
    """The plural of a noun from the bank."""
    if noun.endswith(("s", "x", "ch", "sh")):
        return noun + "es"
    if noun.endswith("y") and noun[-2] not in "aeiou":
        return noun[:-1] + "ies"
    return noun + "s"


def _ing(verb: str) -> str:
    """Return the -ing form of a verb from the bank."""
    doubled = {
        "plan": "planning",
        "pin": "pinning",
        "tag": "tagging",
        "ship": "shipping",
        "run": "running",
        "debug": "debugging",
    }
    if verb in doubled:
        return doubled[verb]
    if verb.endswith("e") and not verb.endswith("ee"):
        return verb[:-1] + "ing"
    return verb + "ing"


@dataclass(frozen=True)
class Person:
    """One member of the pool, with the spellings an archive writes them under."""

    first: str
    last: str
    handle: str
    affiliation: str
    aliases: tuple[str, ...]
    handle_variants: tuple[str, ...]
    registered: bool

    @property
    def name(self) -> str:
        """Full name, the registry's spelling."""
        return f"{self.first} {self.last}"


@dataclass(frozen=True)
class Ref:
    """One recurring GitHub issue, pull request or discussion."""

    org: str
    repo: str
    kind: str
    number: int

    @property
    def url(self) -> str:
        """Canonical GitHub URL of the reference."""
        segment = {"issue": "issues", "pull": "pull", "discussion": "discussions"}[self.kind]
        return f"https://github.com/{self.org}/{self.repo}/{segment}/{self.number}"


@dataclass
class Meeting:
    """A meeting to write: its series, date and the rendered Markdown body."""

    series: str
    date: dt.date
    text: str = ""
    path: str = ""
    refs: list[Ref] = field(default_factory=list)


def _valid_handle(handle: str) -> bool:
    """GitHub's rule: letters, digits, single inner hyphens, at most 39 characters."""
    return bool(re.fullmatch(r"[A-Za-z0-9](?:-?[A-Za-z0-9])*", handle)) and len(handle) <= 39


def make_people(rng: random.Random, count: int = 150) -> list[Person]:
    """Draw the people pool: unique first names, handles unique case-insensitively.

    About one in six people are written under several names (`Min`, `Min RK`, full name)
    and about one in eight under two capitalisations of the handle (`@KimDoe`, `@kimdoe`),
    the two shapes FORMATS.md says every archive has.
    """
    firsts = rng.sample(FIRST_NAMES, count)
    people: list[Person] = []
    seen: set[str] = set()
    for first in firsts:
        last = rng.choice(LAST_NAMES)
        for _ in range(20):
            style = rng.randrange(6)
            if style == 0:
                handle = (first + last).lower()
            elif style == 1:
                handle = first[0].lower() + last.lower()
            elif style == 2:
                handle = first.lower() + last[0].lower() + str(rng.randrange(2, 99))
            elif style == 3:
                handle = first + last[:3]
            elif style == 4:
                handle = f"{first.lower()}-{last.lower()}"
            else:
                handle = first.lower()[:4] + last + str(rng.randrange(1, 9))
            if handle.lower() not in seen and _valid_handle(handle):
                break
        else:
            handle = f"{first.lower()}{len(people)}"
        seen.add(handle.lower())
        aliases: list[str] = []
        if rng.random() < 0.17:
            middle = rng.choice("ABCDEFGHJKLMNPRST")
            aliases = rng.choice(
                [
                    [f"{first} {middle}. {last}"],
                    [f"{first} {last[0]}{middle}", first.lower()],
                    [f"{first[:3]}", f"{first[:3]} {last}"],
                ]
            )
        variants = [handle]
        if rng.random() < 0.12:
            alt = handle.lower() if handle != handle.lower() else handle[0].upper() + handle[1:]
            if alt != handle:
                variants.append(alt)
        people.append(
            Person(
                first=first,
                last=last,
                handle=handle,
                affiliation=rng.choice(INSTITUTIONS),
                aliases=tuple(aliases),
                handle_variants=tuple(variants),
                registered=rng.random() < 0.7,
            )
        )
    return people


def make_refs(rng: random.Random, notes: int) -> list[Ref]:
    """Draw the recurring set of issues and PRs the notes cite, most cited first.

    The pool scales with the archive (about 0.45 per meeting) so that Zipf-like draws give a
    few hundred distinct references per 1,000 notes, as issue 8 measured in real archives.
    """
    size = max(30, round(notes * 0.45))
    refs: list[Ref] = []
    seen: set[tuple[str, str, int]] = set()
    repo_weights = [1.0 / (i + 1) for i in range(sum(len(r) for _, r in ORG_REPOS))]
    repos = [(org, repo) for org, names in ORG_REPOS for repo in names]
    while len(refs) < size:
        org, repo = rng.choices(repos, weights=repo_weights)[0]
        number = rng.randrange(1, 40 + size * 4)
        if (org, repo, number) in seen:
            continue
        seen.add((org, repo, number))
        roll = rng.random()
        kind = "issue" if roll < 0.55 else "pull" if roll < 0.95 else "discussion"
        refs.append(Ref(org, repo, kind, number))
    return refs


class Writer:
    """Writes the text of meetings; holds the pools and the one random source."""

    def __init__(self, rng: random.Random, notes: int) -> None:
        """Draw the pools (people, references, per-series attendance) from `rng`."""
        self.rng = rng
        self.people = make_people(rng)
        self.refs = make_refs(rng, notes)
        self.ref_weights = [1.0 / (i + 1) ** 1.05 for i in range(len(self.refs))]
        self.topic_weights = [1.0 / (i + 1) ** 0.7 for i in range(len(TOPICS))]
        # Each series has its own regulars: attendance is Zipf-like over a shuffled pool.
        self.series_order: dict[str, list[Person]] = {}
        for series, _ in SERIES_SHARES:
            order = list(self.people)
            rng.shuffle(order)
            self.series_order[series] = order
        self.attend_weights = [1.0 / (i + 1) ** 0.9 for i in range(len(self.people))]

    # -- words ---------------------------------------------------------------------------
    def noun(self) -> str:
        """A noun from the bank."""
        return self.rng.choice(NOUNS)

    def adj(self) -> str:
        """An adjective from the bank."""
        return self.rng.choice(ADJECTIVES)

    def verb(self) -> str:
        """A verb (base form) from the bank."""
        return self.rng.choice(VERBS)

    def topic(self) -> tuple[str, str, str, tuple[str, ...], tuple[str, ...]]:
        """A topic, the popular ones more often."""
        return self.rng.choices(TOPICS, weights=self.topic_weights)[0]

    def phrase(self, topic: tuple[str, str, str, tuple[str, ...], tuple[str, ...]]) -> str:
        """A phrase that names `topic` the way a note would (a match phrase, mostly)."""
        if self.rng.random() < 0.75:
            return self.rng.choice(topic[4])
        return self.rng.choice((topic[1].lower(), *topic[3]))

    def ref_text(self) -> str:
        """A GitHub reference, written in one of the shapes FORMATS.md lists."""
        ref = self.rng.choices(self.refs, weights=self.ref_weights)[0]
        self._current_refs.append(ref)
        url = ref.url
        roll = self.rng.random()
        if roll < 0.4:
            return url
        if roll < 0.6:
            return f"[#{ref.number}]({url})"
        if roll < 0.72:
            return f"[{ref.repo}#{ref.number}]({url})"
        if roll < 0.82:
            return f"<{url}>"
        if roll < 0.93:
            return f"[{self.adj()} {self.noun()} {ref.kind}]({url})"
        if ref.kind == "pull" and roll < 0.97:
            return f"{url}/files"
        return f"{url}#issuecomment-{self.rng.randrange(10**8, 10**9)}"

    def sentence(self, who: Sequence[Person]) -> str:
        """One plausible line of minutes (no GitHub reference)."""
        r = self.rng
        p = r.choice(who).first if who else r.choice(self.people).first
        t = self.phrase(self.topic())
        n, a, v = self.noun, self.adj, self.verb
        templates = (
            lambda: f"{_ing(v()).capitalize()} the {a()} {n()} for {t}",
            lambda: f"we should {v()} the {n()} before the next {n()}",
            lambda: f"{p} {_past(v())} {_a(a())} {n()} for the {t} work",
            lambda: f"Q: can we {v()} the {t} {n()} without {_a(n())}?",
            lambda: f"there is {_a(a())} {n()} in the {t} {n()} that needs {_a(a())} {n()}",
            lambda: f"{p} will {v()} {t} and {v()} the {n()} by {r.choice(WEEKDAYS)}",
            lambda: f"agreed to {v()} the {n()} and keep the {a()} {n()} as it is",
            lambda: (
                f"the {n()} is {a()} now, {r.randrange(2, 60)} {_plural(n())} "
                f"{_past(v())} since last time"
            ),
            lambda: f"try `{r.choice(TOOLS)}` to {v()} the {n()}",
            lambda: f"not sure the {a()} {n()} is worth it; {p} thinks {_a(n())} is enough",
            lambda: (
                f"version {r.randrange(0, 5)}.{r.randrange(0, 12)}.{r.randrange(0, 9)} "
                f"{_past(v())} the {n()}"
            ),
            lambda: (
                f"see the notes at https://forum.example.org/t/{n()}-{n()}/{r.randrange(100, 9999)}"
            ),
            lambda: (
                f"{p} asked whether the {t} {n()} could {v()} the {a()} {n()} instead of "
                f"the {a()} one"
            ),
            lambda: (
                f"we have {r.randrange(2, 30)} {a()} {_plural(n())} left from the {t} "
                f"{n()}, mostly about the {n()}"
            ),
            lambda: (
                f"{p}: I have {_past(v())} the {n()} locally and it looks {a()}, but "
                f"the {n()} is still {a()}"
            ),
            lambda: f"proposal: {v()} {_a(a())} {n()} per {n()} and {v()} it in the {t} {n()}",
            lambda: f"+1 from {p}, as long as the {n()} stays {a()}",
            lambda: f"{r.choice(MONTHS)} is the {a()} deadline for the {t} {n()}",
            lambda: f"the {a()} {n()} broke after the last {n()}; {p} is on it",
            lambda: f"people in the {t} {n()} want {_a(a())} {n()} and {_a(a())} {n()}",
            lambda: f"who can help {_ing(v())} the {n()}? {p} volunteered",
            lambda: f"do we need {_a(a())} {n()} for {t}, or is {_a(a())} {n()} enough?",
            lambda: (
                f"{p} and {r.choice(self.people).first} met about the {n()} and "
                f"{_past(v())} the {a()} {n()}"
            ),
            lambda: (
                f"numbers for {r.choice(MONTHS)}: {r.randrange(100, 9000)} {_plural(n())}, "
                f"{r.randrange(2, 99)}% {a()}"
            ),
        )
        return r.choice(templates)()

    # -- sections ------------------------------------------------------------------------
    def attendees(self, series: str) -> list[Person]:
        """8-12 people for one meeting, the series' regulars most often."""
        r = self.rng
        want = r.randint(8, 12)
        order = self.series_order[series]
        chosen: list[Person] = []
        while len(chosen) < want:
            person = r.choices(order, weights=self.attend_weights)[0]
            if person not in chosen:
                chosen.append(person)
        return chosen

    def display_name(self, person: Person) -> str:
        """The name as a roll call writes it: full, first only, or an alias."""
        r = self.rng.random()
        if person.aliases and r < 0.35:
            return self.rng.choice(person.aliases)
        if r < 0.2:
            return person.first
        return person.name

    def roll_line(self, person: Person) -> str:
        """One `name / institution / @handle` line, sometimes with a real-world quirk."""
        r = self.rng
        handle = r.choice(person.handle_variants)
        roll = r.random()
        if roll < 0.78:
            h = f"@{handle}"
        elif roll < 0.86:
            h = handle
        elif roll < 0.93:
            h = f"`@{handle}`"
        else:
            h = f"[@{handle}](https://github.com/{handle})"
        line = f"* {self.display_name(person)} / {person.affiliation} / {h}"
        extra = r.random()
        if extra < 0.04:
            line += " (might be late)"
        elif extra < 0.07:
            line += (
                " (absent: "
                + r.choice(("travelling this week", "sends regrets", "at a conference", "on leave"))
                + ")"
            )
        elif extra < 0.1:
            line += " " + r.choice(EMOJI)
        return line

    def nested(self, who: Sequence[Person], depth: int, count: int) -> list[str]:
        """Bullets under an item, HackMD style: 2-space indents, down to three levels."""
        lines: list[str] = []
        indent = "  " * depth
        for _ in range(count):
            roll = self.rng.random()
            if roll < 0.07:
                lines.append(f"{indent}* -> {self.sentence(who)}")
            else:
                lines.append(f"{indent}* {self.sentence(who)}")
            if depth < 3 and self.rng.random() < 0.3:
                lines.extend(self.nested(who, depth + 1, self.rng.randint(1, 3)))
        return lines

    def tag(self, who: Sequence[Person]) -> str:
        """A speaker/time tag in one of the common shapes, mostly `[Name - 5 mins]`."""
        r = self.rng
        a = r.choice(who).first
        mins = r.choice((2, 3, 5, 5, 5, 10, 10, 15))
        roll = r.random()
        if roll < 0.7:
            return f"[{a} - {mins} mins]"
        if roll < 0.8:
            return f"[{a}, {mins}min]"
        if roll < 0.88:
            return f"[{a}/{r.choice(who).first} - {mins} mins]"
        if roll < 0.95:
            return f"[{a}]"
        return f"({mins} mins)"

    def meeting_body(self, meeting: Meeting, level: int, rare: bool) -> str:
        """The sections of one meeting; `level` is the heading level of its sections."""
        r = self.rng
        self._current_refs = meeting.refs
        who = self.attendees(meeting.series)
        h = "#" * level
        out: list[str] = []
        budget = r.choice((1, 2, 2, 3, 3, 3, 4))  # GitHub references for this meeting
        # Roll call.
        if level == 2:
            out += [
                f"{h} Welcome to the {SERIES_TITLES[meeting.series]}",
                "",
                "Hello!",
                "",
                "If you are joining the video meeting, sign in below so we know who was "
                "here. Roll call:",
                "",
                "* name / institution / GitHub handle",
            ]
        else:
            out += [f"{h} Attendees", ""]
        out += [self.roll_line(p) for p in who]
        out.append("")
        # 60-second updates.
        out += [
            f"{h} 60 second updates",
            "",
            "60 second updates on things you have been up to, questions you have, or "
            "developments you think people should know about. Please add yourself, and if "
            "you do not have an update to share, you can pass.",
            "* name: update or pass",
        ]
        speakers = [p for p in who if r.random() < 0.85]
        if r.random() < 0.25:
            speakers.append(r.choice(self.people))  # someone not on the roll call
        for p in speakers:
            if r.random() < 0.08:
                out.append(f"* {p.first}: pass")
                continue
            text = "; ".join(self.sentence(who) for _ in range(r.randint(1, 3)))
            if budget and r.random() < 0.2:
                budget -= 1
                text += f" ({self.ref_text()})"
            lead = f"* **{p.first}:**" if r.random() < 0.1 else f"* {p.first}:"
            out.append(f"{lead} {text}")
            if r.random() < 0.25:
                out += self.nested(who, 1, r.randint(1, 2))
        out.append("")
        # Celebrations.
        out += [f"{h} Celebrations and shout-outs :tada:", ""]
        for _ in range(r.randint(1, 4)):
            p = r.choice(self.people)
            roll = r.random()
            if roll < 0.35:
                out.append(
                    f"* Thanks to [@{p.handle}](https://github.com/{p.handle}) for "
                    f"{_ing(self.verb())} the {self.adj()} {self.noun()}! {r.choice(EMOJI)}"
                )
            elif roll < 0.65:
                out.append(
                    f"* {p.first} gave a talk about {self.phrase(self.topic())} at the "
                    f"{self.adj()} {self.noun()} conference {r.choice(EMOJI)}"
                )
            else:
                out.append(
                    f"* {COMMON_TERM.capitalize()} {r.randrange(0, 5)}.{r.randrange(0, 12)}.0 "
                    f"of {r.choice(ORG_REPOS[0][1])} is out! {r.choice(EMOJI)}"
                )
        if r.random() < 0.3:
            out.append("* add item here")
        out.append("")
        # Agenda.
        out += [
            f"{h} Agenda items",
            "",
            "Let's collect all potential agenda items here before the start of the meeting. "
            "If there are similar items try and group them already.",
            "",
        ]
        items = r.randint(5, 8)
        rare_item = r.randrange(items) if rare else -1
        for i in range(items):
            topic = self.topic()
            title = r.choice(
                (
                    f"{self.phrase(topic).capitalize()} {self.noun()}",
                    f"{self.phrase(topic).capitalize()}: {self.adj()} {self.noun()}",
                    f"Update on {self.phrase(topic)}",
                    f"{_ing(self.verb()).capitalize()} the {self.phrase(topic)} {self.noun()}",
                    f"{topic[1]} check-in",
                )
            )
            out.append(f"* {title} {self.tag(who)}")
            body = self.nested(who, 1, r.randint(4, 8))
            if budget and (r.random() < 0.4 or items - i <= budget):
                budget -= 1
                body.insert(r.randrange(len(body) + 1), f"  * {self.ref_text()}")
            if i == rare_item:
                body.append(f"  * the {RARE_TERM} {self.noun()} came up again")
            if r.random() < 0.3:
                body.append(f"  * -> {r.choice(who).first} to {self.verb()} the {self.noun()}")
            out += body
        out.append("")
        # Actions.
        out += [f"{h} Action items", ""]
        for _ in range(r.randint(2, 5)):
            p = r.choice(who).first
            roll = r.random()
            task = f"{self.verb()} the {self.adj()} {self.noun()} for {self.phrase(self.topic())}"
            if roll < 0.45:
                out.append(f"- [ ] {p}: {task}")
            elif roll < 0.65:
                out.append(f"- [x] {p}: ~~{task}~~")
            elif roll < 0.85:
                out.append(f"* {p} to {task}")
            else:
                out.append(f"-> {task}")
        out.append("")
        return "\n".join(out)

    def header(self, meeting: Meeting) -> str:
        """Title, links and the boilerplate a note's template carries (seed-like)."""
        d = meeting.date
        title = SERIES_TITLES[meeting.series]
        slug = meeting.series
        return "\n".join(
            [
                f"# {title} ({d.isoformat()})",
                "",
                f"[Link to Meeting Recording](https://recordings.example.org/{slug}/"
                f"{d.strftime('%Y%m%d')})",
                "",
                f"Date: {d.day} {MONTHS[d.month - 1]} {d.year} at "
                f"{self.rng.choice(('5pm', '6pm', '16:00'))} UTC",
                "",
                f"**Videoconference link:** https://meet.example.org/{slug}",
                "",
                "The call will start with a quick round of updates from everyone present (you "
                "can pass if you want to), followed by bigger agenda items. There will be no "
                "feedback/questions on the 60s updates. Questions/discussion on the larger "
                "agenda items will be moderated by a speaker list.",
                "",
                "",
            ]
        )


def _archive_heading(rng: random.Random, d: dt.date) -> str:
    """An archive section heading, in the shapes real archives use."""
    roll = rng.random()
    if roll < 0.8:
        return f"## {d.day} {MONTHS[d.month - 1]} {d.year}"
    if roll < 0.95:
        return f"## {d.isoformat()}"
    suffix = {1: "st", 2: "nd", 3: "rd", 21: "st", 22: "nd", 23: "rd", 31: "st"}.get(d.day, "th")
    return f"## {MONTHS[d.month - 1]} {d.day}{suffix} {d.year}"


def _dates(rng: random.Random, count: int, years: int, end: dt.date) -> list[dt.date]:
    """`count` distinct weekdays in the `years` before `end`, sorted."""
    start = end - dt.timedelta(days=365 * years)
    days = [
        start + dt.timedelta(days=i)
        for i in range((end - start).days + 1)
        if (start + dt.timedelta(days=i)).weekday() < 5
    ]
    return sorted(rng.sample(days, count))


def _yaml_str(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def people_yaml(people: Sequence[Person]) -> str:
    """The people registry: a YAML list of {handle, name, aliases, affiliation}."""
    lines = ["# People registry for the benchmark archive (generated by bench/generate.py)."]
    for p in people:
        if not p.registered:
            continue
        aliases = ", ".join(_yaml_str(a) for a in (p.first, *p.aliases))
        lines += [
            f"- handle: {_yaml_str(p.handle)}",
            f"  name: {_yaml_str(p.name)}",
            f"  aliases: [{aliases}]",
            f"  affiliation: {_yaml_str(p.affiliation)}",
        ]
    return "\n".join(lines) + "\n"


def topics_yaml() -> str:
    """The topic registry: a YAML list of {id, name, description, aliases, match}."""
    lines = ["# Topic registry for the benchmark archive (generated by bench/generate.py)."]
    for tid, name, description, aliases, match in TOPICS:
        lines += [
            f"- id: {_yaml_str(tid)}",
            f"  name: {_yaml_str(name)}",
            f"  description: {_yaml_str(description)}",
            f"  aliases: [{', '.join(_yaml_str(a) for a in aliases)}]",
            f"  match: [{', '.join(_yaml_str(m) for m in match)}]",
        ]
    return "\n".join(lines) + "\n"


EXTENSIONS_YAML = """\
markdown_extensions:
  - toc:
      permalink: true
  - admonition
  - attr_list
  - pymdownx.details
  - pymdownx.superfences
  - pymdownx.tasklist:
      custom_checkbox: true
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
      emoji_generator: !!python/name:material.extensions.emoji.to_svg
  - pymdownx.magiclink
"""


def mkdocs_yaml(kind: str, notes: int, seed: int) -> str:
    """`baseline.yml` or `minutes.yml`: identical but for the plugin list and site_dir."""
    plugins = "plugins:\n  - search\n"
    if kind == "minutes":
        plugins += "  - minutes:\n      people: people.yml\n      topics: topics.yml\n"
    return (
        f"# Benchmark site ({kind}), generated by bench/generate.py --notes {notes} "
        f"--seed {seed}\n"
        f"site_name: Meeting archive benchmark ({kind})\n"
        "docs_dir: docs\n"
        f"site_dir: site-{kind}\n"
        "theme:\n  name: material\n"
        f"{plugins}"
        "nav:\n  - index.md\n"
        'not_in_nav: "/meetings/"\n'
        f"{EXTENSIONS_YAML}"
    )


def generate(out_dir: Path, notes: int, seed: int) -> dict[str, object]:
    """Write the archive for (`notes`, `seed`) under `out_dir`; return the manifest.

    Files under `out_dir/docs/meetings` that this run would not write are removed, so a
    directory reused with another N does not keep stale notes.
    """
    if notes < 3:
        raise ValueError("--notes must be at least 3 (one meeting per series)")
    rng = random.Random(seed)
    writer = Writer(rng, notes)
    end = dt.date(2025, 12, 31)
    counts: dict[str, int] = {}
    remaining = notes
    for i, (series, share) in enumerate(SERIES_SHARES):
        n = remaining if i == len(SERIES_SHARES) - 1 else max(1, round(notes * share))
        counts[series] = n
        remaining -= n
    years = max(2, min(10, -(-notes // 100)), -(-max(counts.values()) // 240) + 1)
    rare_index = notes // 3
    meetings: list[Meeting] = []
    for series, _ in SERIES_SHARES:
        for d in _dates(rng, counts[series], years, end):
            meetings.append(Meeting(series=series, date=d))
    files: dict[str, str] = {}
    archives: dict[str, list[Meeting]] = {}
    for index, m in enumerate(meetings):
        rare = index == rare_index
        if m.series == "team":
            heading = _archive_heading(rng, m.date)
            m.text = heading + "\n\n" + writer.meeting_body(m, level=3, rare=rare)
            m.path = f"meetings/team/{m.date.year}.md"
            archives.setdefault(m.path, []).append(m)
        else:
            m.text = writer.header(m) + writer.meeting_body(m, level=2, rare=rare)
            m.path = f"meetings/{m.series}/{m.date.isoformat()}.md"
            files[m.path] = m.text
    for path, group in archives.items():
        year = group[0].date.year
        sections = [g.text for g in sorted(group, key=lambda g: g.date, reverse=True)]
        files[path] = f"# Team meeting notes {year}\n\n" + "\n---\n\n".join(sections)

    docs = out_dir / "docs"
    wanted = {docs / p for p in files}
    if (docs / "meetings").is_dir():
        for old in sorted((docs / "meetings").rglob("*.md")):
            if old not in wanted:
                old.unlink()
    for rel, text in sorted(files.items()):
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    (docs / "index.md").write_text(
        "# Meeting archive benchmark\n\n"
        f"A synthetic archive of {notes} meetings (seed {seed}), generated by "
        "`bench/generate.py` for the benchmark of issue 8.\n\n"
        "<!-- minutes:overview -->\n",
        encoding="utf-8",
        newline="\n",
    )
    (docs / "people.yml").write_text(people_yaml(writer.people), encoding="utf-8", newline="\n")
    (docs / "topics.yml").write_text(topics_yaml(), encoding="utf-8", newline="\n")
    for kind in ("baseline", "minutes"):
        (out_dir / f"{kind}.yml").write_text(
            mkdocs_yaml(kind, notes, seed), encoding="utf-8", newline="\n"
        )

    edit = max((m for m in meetings if m.series == "community"), key=lambda m: m.date)
    rare_meeting = meetings[rare_index]
    distinct_refs = sorted({r.url for m in meetings for r in m.refs})
    manifest: dict[str, object] = {
        "generator": GENERATOR_VERSION,
        "notes": notes,
        "seed": seed,
        "files": len(files),
        "meetings": {series: counts[series] for series, _ in SERIES_SHARES},
        "bytes": sum(len(t.encode("utf-8")) for t in files.values()),
        "ref_mentions": sum(len(m.refs) for m in meetings),
        "distinct_refs": len(distinct_refs),
        "common_term": COMMON_TERM,
        "rare_term": RARE_TERM,
        "rare_note": rare_meeting.path,
        "edit_note": "docs/" + edit.path,
        "edit_url": edit.path.removesuffix(".md") + "/",
    }
    (out_dir / "bench.json").write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8", newline="\n"
    )
    return manifest


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: `generate.py OUT_DIR --notes N --seed S`."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="folder to write the archive into")
    parser.add_argument("--notes", type=int, default=100, help="number of meetings (N)")
    parser.add_argument("--seed", type=int, default=8, help="random seed")
    args = parser.parse_args(argv)
    manifest = generate(args.out_dir, args.notes, args.seed)
    print(json.dumps(manifest, indent=2, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
