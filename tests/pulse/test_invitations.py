"""Invitations and reminders: a simulated month against a real SMTP server, Slack and Teams against
local HTTP endpoints that check the documented request shapes, and an attacker's look at the files."""

from __future__ import annotations

import email
import email.policy
import json
import re
import socket
import threading
from datetime import date, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import hypothesis
import pytest
from aiosmtpd.controller import Controller
from hypothesis import given
from hypothesis import strategies as st

from pulse import invitations, schedules, settings, teams
from pulse.errors import CodeInvalid, RosterInvalid
from pulse.invitations import Member, SlackSender, SmtpSender, TeamsSender, parse_roster, set_roster
from pulse.invitations.message import invitation
from pulse.ops.scheduler import Scheduler
from pulse.responses import submit_response
from pulse.rounds import list_rounds
from pulse.store import Database
from pulse.tokens import codes

BASE_URL = "http://teampulse.example:8501"
LINK = re.compile(r"http://teampulse\.example:8501/\?code=([0-9A-Z%-]+)")
PS_ANSWERS = {f"ps{i}": 5 for i in range(1, 8)}
HC_ANSWERS = {
    k: 2 for k in ("value", "release", "fun", "codebase", "learning", "mission", "pawns", "speed", "process")
} | {"support": 3, "teamwork": 3}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Inbox:
    """An aiosmtpd handler that keeps what arrives, as a mail server's spool would."""

    def __init__(self):
        self.messages: list[tuple[str, email.message.Message]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's hook name)
        parsed = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            for rcpt in envelope.rcpt_tos:
                self.messages.append((rcpt, parsed))
        return "250 Message accepted for delivery"

    def take(self) -> list[tuple[str, email.message.Message]]:
        with self.lock:
            out, self.messages = self.messages, []
        return out


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, SmtpSender("127.0.0.1", controller.port, sender="pulse@teampulse.example")
    controller.stop()


def code_in(mail: email.message.Message) -> str:
    body = mail.get_content()
    found = LINK.findall(body)
    assert len(found) == 1, body
    return found[0].replace("%2D", "-")


ATLAS = [f"atlas{i}@example.org" for i in range(6)]
COMET = [f"comet{i}@example.org" for i in range(5)]


def test_a_simulated_month_runs_itself_and_nothing_joins_an_address_to_a_code(tmp_path, smtp):
    inbox, sender = smtp
    db = Database(tmp_path / "month.duckdb")
    settings.set_min_group_size(db, 3)
    start = date.today() - timedelta(days=date.today().weekday())  # this Monday: links stay live in real time
    for name, roster in (("Atlas", ATLAS), ("Comet", COMET)):
        teams.add_team(db, name, tribe="Payments", size=len(roster))
        set_roster(db, name, parse_roster("\n".join(roster)))
    schedules.add_schedule(db, "psych-safety", "fortnightly", tribe="Payments", anchor=start, reminders=[3, 8])
    schedules.add_schedule(db, "health-check", "4 weeks", teams=["Atlas"], anchor=start, reminders=[5, 15])
    day = start
    scheduler = Scheduler(db, outbox={"email": sender}, base_url=BASE_URL, today=lambda: day)

    received: dict[tuple[str, str, date], list[tuple[str, str, str]]] = {}  # (team, instrument, period) -> mails
    answered: set[tuple[str, str, date, str]] = set()
    round_of: dict[str, object] = {}  # code -> its round, as first seen
    keys: dict[int, str] = {}  # round id -> invite key, as an attacker reading the open file sees them
    for offset in range(29):
        day = start + timedelta(days=offset)
        scheduler.tick()
        for rcpt, mail in inbox.take():
            code = code_in(mail)
            team = "Atlas" if rcpt in ATLAS else "Comet"
            if code not in round_of:  # a link first seen opens its team's open round
                round_of[code] = codes.round_for_code(db, code)
            rnd = round_of[code]
            assert rnd.team == team and rnd.status == "open"
            kind = "reminder" if "Reminder:" in mail["Subject"] else "invitation"
            assert ("If you have already answered, thank you" in mail.get_content()) == (kind == "reminder")
            received.setdefault((team, rnd.instrument, rnd.period_start), []).append((rcpt, kind, code))
            done = (team, rnd.instrument, rnd.period_start, rcpt) in answered
            if done:  # the reminder carries the link already used: one answer per person per round
                with pytest.raises(CodeInvalid):
                    codes.round_for_code(db, code)
            if not done and answers_now(kind, rcpt, ATLAS if team == "Atlas" else COMET):
                answers = PS_ANSWERS if rnd.instrument == "psych-safety" else HC_ANSWERS
                submit_response(db, answers, code=code, comment=f"fine {offset}" if offset % 2 else None)
                answered.add((team, rnd.instrument, rnd.period_start, rcpt))
                with pytest.raises(CodeInvalid):  # single use
                    submit_response(db, answers, code=code)
        keys.update(db.cursor().execute("SELECT round_id, salt FROM invite_keys").fetchall())
        if offset == 20:  # mid-month, while rounds are open: the attacker's look at the open files
            assert_nothing_joins_addresses_to_codes(db, received)

    # Rounds opened and closed by themselves for every team: two fortnights and one 4-week period.
    rounds = {(r.team, r.instrument, r.period_start): r for r in list_rounds(db.cursor())}
    for team in ("Atlas", "Comet"):
        for week in (0, 2):
            rnd = rounds[(team, "psych-safety", start + timedelta(weeks=week))]
            assert rnd.status == "closed"
    assert rounds[("Atlas", "health-check", start)].status == "closed"  # its period ended on day 27
    assert ("Comet", "health-check", start) not in rounds
    assert_one_link_per_member_and_round(received, rounds)
    assert len(received) == 2 * 3 + 2  # three fortnights per team, two 4-week periods of Atlas
    # Every answer was counted: the closed rounds hold one response per member.
    cur = db.cursor()
    responses = dict(cur.execute("SELECT id, responses FROM rounds").fetchall())
    for key, rnd in rounds.items():
        if rnd.status == "closed":
            assert responses[rnd.id] == len(ATLAS if key[0] == "Atlas" else COMET)
    # The send log holds counts only, one row per round and message.
    assert set(_columns(db, "send_log")) == {"round_id", "kind", "number", "sent_on", "sent", "failed"}
    assert sorted(r[1:3] for r in invitations.send_log(cur) if r[0] == rounds[("Atlas", "health-check", start)].id) == [
        ("invitation", 1),
        ("reminder", 1),
        ("reminder", 2),
    ]
    assert_nothing_joins_addresses_to_codes(db, received)
    assert_closed_rounds_keep_no_key(db, tmp_path, list(rounds.values()), keys, round_of)
    assert_file_holds_no_code(tmp_path, received)


def assert_one_link_per_member_and_round(received: dict, rounds: dict) -> None:
    """Each member got one invitation and two reminders per round, all three with the same link,
    and no two members (nor one member in two rounds) share a link. (The third fortnight and the
    second 4-week period opened on the last day: invitations only.)"""
    link_of: dict[tuple, str] = {}
    for (team, instrument, period), mails in received.items():
        roster = ATLAS if team == "Atlas" else COMET
        assert sorted(r for r, k, _ in mails if k == "invitation") == sorted(roster)
        finished = rounds[(team, instrument, period)].status == "closed"
        assert sorted(r for r, k, _ in mails if k == "reminder") == (sorted(roster * 2) if finished else [])
        for rcpt, _, code in mails:
            assert link_of.setdefault((team, instrument, period, rcpt), code) == code
    assert len(set(link_of.values())) == len(link_of)


def answers_now(kind: str, rcpt: str, roster: list[str]) -> bool:
    """All but one answer the invitation; the last one answers the first reminder."""
    return (kind == "invitation" and rcpt != roster[-1]) or (kind == "reminder" and rcpt == roster[-1])


def assert_closed_rounds_keep_no_key(db, tmp_path, rounds, keys: dict, round_of: dict) -> None:
    """A closed round keeps no invite key and no code, in the tables or the file's bytes: nothing can
    recompute who held which link. Closes ``db``."""
    cur = db.cursor()
    closed = {r.id for r in rounds if r.status == "closed"}
    still_open = {r.id for r in rounds if r.status == "open"}
    assert {r[0] for r in cur.execute("SELECT round_id FROM invite_keys").fetchall()} == still_open
    assert set(keys) == closed | still_open
    assert not closed & {r[0] for r in cur.execute("SELECT DISTINCT round_id FROM codes").fetchall()}
    code_key = settings.code_key(cur)
    closed_hashes = [
        codes.keyed_hash(code_key, codes.PULSE.purpose, codes.normalise(c))
        for c, rnd in round_of.items()
        if rnd.id in closed
    ]
    db.close()
    blobs = file_bytes(tmp_path)
    # The scan can see a key: the open rounds' keys are in the file (stored as text).
    assert still_open and all(keys[r].encode() in blobs for r in still_open)
    assert not [r for r in closed if keys[r].encode() in blobs], "a closed round's invite key is still in the file"
    assert closed_hashes and not [h for h in closed_hashes if h.encode() in blobs], "a closed round's code hash remains"


def _columns(db, table: str) -> list[str]:
    return [
        r[0]
        for r in db.cursor()
        .execute("SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table])
        .fetchall()
    ]


def assert_nothing_joins_addresses_to_codes(db, received) -> None:
    """No table but the roster holds an address, and no table holds a plain code."""
    cur = db.cursor()
    addresses = set(ATLAS) | set(COMET)
    plain = {c.replace("-", "") for mails in received.values() for _, _, c in mails}
    tables = [r[0] for r in cur.execute("SELECT table_name FROM information_schema.tables").fetchall()]
    for table in tables:
        for column in _columns(db, table):
            values = {str(v[0]) for v in cur.execute(f'SELECT DISTINCT "{column}"::VARCHAR FROM "{table}"').fetchall()}
            if (table, column) != ("roster_members", "address"):
                assert not values & addresses, f"{table}.{column} holds an address"
            assert not {v.replace("-", "") for v in values} & plain, f"{table}.{column} holds a plain code"


def test_the_order_of_stored_codes_says_nothing_of_the_roster_order(db):
    """Codes are stored in the order they were drawn; were the roster not shuffled first, an admin
    holding the roster could pair its n-th address with the n-th row, and read who spent a code."""
    roster = [f"member{i}@example.org" for i in range(8)]
    teams.add_team(db, "Atlas")
    set_roster(db, "Atlas", parse_roster("\n".join(roster)))
    from pulse.rounds import open_round

    rnd = open_round(db, "Atlas", "psych-safety")
    sent = []

    class Spool:  # a stand-in for the mail server's view, which only this test can read
        channel = "email"

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return None

        def send(self, address, message):
            sent.append((address, LINK.search(message.link).group(1).replace("%2D", "-")))

    invitations.send_round(db, rnd, "invitation", 1, {"email": Spool()}, BASE_URL)
    key = settings.code_key(db.cursor())
    owner = {codes.keyed_hash(key, codes.PULSE.purpose, codes.normalise(c)): a for a, c in sent}
    stored = [owner[h] for (h,) in db.cursor().execute("SELECT hash FROM codes").fetchall()]
    assert sorted(stored) == roster
    assert stored != roster  # 1 chance in 40,320 of a false alarm; without the shuffle, always equal


def file_bytes(tmp_path) -> bytes:
    """The bytes of the month's database and any log beside it."""
    return b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.name.startswith("month.duckdb"))


# --- one personal code per member and round (DESIGN.md rule 4) -------------------------------------


class Spool:
    """A stand-in for the mail server's view, which only the test can read: (address, code) per message."""

    channel = "email"

    def __init__(self):
        self.sent: list[tuple[str, str]] = []

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return None

    def send(self, address, message):
        self.sent.append((address, LINK.search(message.link).group(1).replace("%2D", "-")))

    def take(self) -> dict[str, str]:
        out, self.sent = dict(self.sent), []
        return out


def _spendable(db, round_id: int) -> int:
    issued, spent = codes.code_counts(db.cursor(), round_id)
    return issued - spent


def test_the_invitation_and_both_reminders_carry_one_link_that_works_once(db):
    from pulse.rounds import open_round

    roster = [f"member{i}@example.org" for i in range(5)]
    teams.add_team(db, "Atlas")
    set_roster(db, "Atlas", parse_roster("\n".join(roster)))
    rnd = open_round(db, "Atlas", "psych-safety")
    spool = Spool()
    invitations.send_round(db, rnd, "invitation", 1, {"email": spool}, BASE_URL)
    invited = spool.take()
    assert sorted(invited) == roster and len(set(invited.values())) == len(roster)
    submit_response(db, PS_ANSWERS, code=invited["member0@example.org"])  # member0 answers the invitation
    for number in (1, 2):
        invitations.send_round(db, rnd, "reminder", number, {"email": spool}, BASE_URL)
        assert spool.take() == invited  # the same personal link, for everyone, in every reminder
    # member0's reminder link is refused: one answer per person per round, whatever they received.
    with pytest.raises(CodeInvalid):
        submit_response(db, PS_ANSWERS, code=invited["member0@example.org"])
    submit_response(db, PS_ANSWERS, code=invited["member1@example.org"])  # member1 answers a reminder
    with pytest.raises(CodeInvalid):
        submit_response(db, PS_ANSWERS, code=invited["member1@example.org"])
    assert codes.code_counts(db.cursor(), rnd.id) == (5, 2)


def test_a_member_added_after_the_invitation_gets_a_working_link_in_the_reminder(db):
    from pulse.rounds import open_round

    teams.add_team(db, "Atlas")
    set_roster(db, "Atlas", parse_roster("ann@example.org\nben@example.org"))
    rnd = open_round(db, "Atlas", "psych-safety")
    spool = Spool()
    invitations.send_round(db, rnd, "invitation", 1, {"email": spool}, BASE_URL)
    invited = spool.take()
    set_roster(db, "Atlas", parse_roster("ann@example.org\nben@example.org\ncid@example.org"))
    invitations.send_round(db, rnd, "reminder", 1, {"email": spool}, BASE_URL)
    reminded = spool.take()
    assert {a: reminded[a] for a in invited} == invited and "cid@example.org" in reminded
    assert codes.round_for_code(db, reminded["cid@example.org"]).id == rnd.id
    submit_response(db, PS_ANSWERS, code=reminded["cid@example.org"])
    assert codes.code_counts(db.cursor(), rnd.id) == (3, 1)  # only the newcomer's code was added


def test_another_round_gives_the_same_address_another_code(db):
    from pulse.rounds import open_round

    teams.add_team(db, "Atlas")
    set_roster(db, "Atlas", parse_roster("ann@example.org"))
    spool, seen = Spool(), []
    for instrument in ("psych-safety", "health-check", "enps"):
        invitations.send_round(db, open_round(db, "Atlas", instrument), "invitation", 1, {"email": spool}, BASE_URL)
        seen.append(spool.take()["ann@example.org"])
    assert len(set(seen)) == 3
    keys = [r[0] for r in db.cursor().execute("SELECT salt FROM invite_keys").fetchall()]
    assert len(keys) == 3 and len(set(keys)) == 3 and all(len(bytes.fromhex(k)) == 32 for k in keys)


@hypothesis.settings(max_examples=20, deadline=None)
@given(
    rosters=st.lists(
        st.lists(st.sampled_from([f"p{i}@example.org" for i in range(8)] + ["P0@Example.org"]), min_size=1),
        min_size=1,
        max_size=4,
    ),
)
def test_spendable_codes_never_exceed_the_people_invited_whatever_the_reminders(rosters):
    """The roster as it stands at the invitation and at each reminder (it may change in between):
    the round never holds more codes than the different people ever invited, however many
    messages went out, and each person's code is the same in every message."""
    from pulse.rounds import open_round

    db = Database(":memory:")
    try:
        teams.add_team(db, "Atlas")
        rnd = open_round(db, "Atlas", "psych-safety")
        spool, link_of, everyone = Spool(), {}, set()
        for number, addresses in enumerate(rosters):
            members = [Member("email", a) for a in addresses]  # as `--roster` gives them, duplicates and all
            kind, n = ("invitation", 1) if number == 0 else ("reminder", number)
            invitations.send_round(db, rnd, kind, n, {"email": spool}, BASE_URL, members=members)
            for address, code in spool.take().items():
                assert link_of.setdefault(address.lower(), code) == code
            everyone |= {a.lower() for a in addresses}
            assert codes.code_counts(db.cursor(), rnd.id)[0] == len(everyone)
            if number == 0:  # the first person answers the invitation: their code stays spent
                submit_response(db, PS_ANSWERS, code=link_of[addresses[0].lower()])
            assert _spendable(db, rnd.id) == len(everyone) - 1
    finally:
        db.close()


def test_closing_forgets_the_invite_key_and_the_codes_in_the_tables_and_the_file_bytes(tmp_path):
    """Even after a restart wrote the open round's key into the file's blocks (the worst case: a
    plain checkpoint at the close would leave the old block as free space)."""
    from pulse.closing import close_round
    from pulse.rounds import open_round

    path = tmp_path / "month.duckdb"
    db = Database(path)
    for team in ("Atlas", "Beacon"):
        teams.add_team(db, team)
        set_roster(db, team, parse_roster("\n".join(f"{team.lower()}{i}@example.org" for i in range(6))))
    atlas, beacon = open_round(db, "Atlas", "psych-safety"), open_round(db, "Beacon", "psych-safety")
    spool = Spool()
    for rnd in (atlas, beacon):
        invitations.send_round(db, rnd, "invitation", 1, {"email": spool}, BASE_URL)
    sent = spool.take()
    submit_response(db, PS_ANSWERS, code=sent["atlas0@example.org"])
    cur = db.cursor()
    keys = dict(cur.execute("SELECT round_id, salt FROM invite_keys").fetchall())
    key = settings.code_key(cur)
    hashes = {a: codes.keyed_hash(key, codes.PULSE.purpose, codes.normalise(c)) for a, c in sent.items()}
    db.close()  # a restart: its checkpoint writes both keys and all codes into the file's blocks
    assert keys[atlas.id].encode() in file_bytes(tmp_path)  # so the scan below can see a key
    db = Database(path)
    close_round(db, atlas.id)
    cur = db.cursor()
    assert cur.execute("SELECT round_id FROM invite_keys").fetchall() == [(beacon.id,)]
    assert {r[0] for r in cur.execute("SELECT round_id FROM codes").fetchall()} == {beacon.id}
    with pytest.raises(CodeInvalid):
        codes.round_for_code(db, sent["atlas1@example.org"])  # an unspent link of the closed round opens nothing
    db.close()
    blobs = file_bytes(tmp_path)
    assert keys[atlas.id].encode() not in blobs
    assert not [a for a, h in hashes.items() if a.startswith("atlas") and h.encode() in blobs]
    assert keys[beacon.id].encode() in blobs  # the open round keeps its key until it closes


def assert_file_holds_no_code(tmp_path, received) -> None:
    """The bytes of the database (and any log beside it) hold no plain code, dashed or not."""
    blobs = file_bytes(tmp_path)
    for mails in received.values():
        for _, _, code in mails:
            assert code.encode() not in blobs and code.replace("-", "").encode() not in blobs


# --- rosters ---------------------------------------------------------------------------------------


def test_a_typed_roster_mixes_channels_and_names_a_bad_line():
    members = parse_roster("ann@Example.ORG\n\n# comment\nslack:U012AB3CD\nteams:ben@example.org\nann@example.org\n")
    assert members == sorted(
        [Member("email", "ann@example.org"), Member("slack", "U012AB3CD"), Member("teams", "ben@example.org")]
    )
    with pytest.raises(RosterInvalid, match="line 2: 'not an address'"):
        parse_roster("ann@example.org\nnot an address\n")
    with pytest.raises(RosterInvalid, match="line 1"):
        parse_roster("ann@example.org\rBcc: x@example.org")  # no header injection through an address


def test_an_uploaded_csv_keeps_addresses_and_drops_names():
    members = parse_roster("Name,Email\nAnn Lee,ann@example.org\nBen Ode,ben@example.org\n")
    assert [m.address for m in members] == ["ann@example.org", "ben@example.org"]
    assert not any("Ann" in m.address or "Lee" in m.address for m in members)
    with pytest.raises(RosterInvalid, match="row 3, column 'Email'"):
        parse_roster("Name,Email\nAnn,ann@example.org\nBen,ben at example\n")
    with pytest.raises(RosterInvalid, match="row 1: the roster needs an 'email' column"):
        parse_roster("name,phone\nAnn,123\n")


@given(st.lists(st.emails(), min_size=1, max_size=20))
def test_a_roster_is_taken_whole_or_refused_whole_naming_the_line(addresses):
    try:
        members = parse_roster("\n".join(addresses))
    except RosterInvalid as e:
        assert re.match(r"line \d+: ", str(e))
        return
    assert {m.address.lower() for m in members} == {a.lower() for a in addresses}


@given(st.lists(st.from_regex(r"[a-z0-9._+-]{1,20}@[a-z0-9]{1,20}\.(org|com|de)", fullmatch=True), min_size=1))
def test_plain_addresses_are_always_accepted(addresses):
    assert {m.address for m in parse_roster("\n".join(addresses))} == set(addresses)


def test_a_bad_roster_writes_nothing(db):
    teams.add_team(db, "Atlas")
    set_roster(db, "Atlas", parse_roster("ann@example.org"))
    with pytest.raises(RosterInvalid):
        set_roster(db, "Atlas", parse_roster("ben@example.org\nbroken"))
    assert invitations.roster_sizes(db.cursor()) == {"Atlas": {"email": 1}}


# --- Slack and Teams against local endpoints -------------------------------------------------------


class Recorder(BaseHTTPRequestHandler):
    """A local stand-in for the platform's API: it checks the documented request shape and records it."""

    requests: list[dict] = []

    def log_message(self, *args):  # keep the test output (and any log) free of what was sent
        pass

    def _reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):  # noqa: N802
        raw = self.rfile.read(int(self.headers["Content-Length"] or 0))
        form = self.headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded")
        # Slack's Web API takes every method as a POST, with form-encoded or (for writes) JSON arguments.
        body = {k: v[0] for k, v in parse_qs(raw.decode()).items()} if form else json.loads(raw or b"{}")
        self.requests.append({"method": "POST", "path": self.path, "body": body, "headers": self.headers})
        if self.path == "/api/users.lookupByEmail":
            if self.headers.get("Authorization") != "Bearer xoxb-test" or not form:
                return self._reply(200, {"ok": False, "error": "not_authed"})
            if body.get("email") == "ann@example.org":
                return self._reply(200, {"ok": True, "user": {"id": "U0ANN0001"}})
            return self._reply(200, {"ok": False, "error": "users_not_found"})
        if self.path == "/api/chat.postMessage":
            ok = (
                self.headers.get("Authorization") == "Bearer xoxb-test"
                and self.headers.get("Content-Type", "").startswith("application/json")
                and isinstance(body.get("channel"), str)
                and (body.get("text") or body.get("blocks"))
            )
            if not ok:
                return self._reply(200, {"ok": False, "error": "invalid_arguments"})
            return self._reply(200, {"ok": True, "channel": "D0DM", "ts": "1.000001", "message": {"text": "x"}})
        if self.path == "/workflows/invite":
            attachment = (body.get("attachments") or [{}])[0]
            ok = (
                self.headers.get("Content-Type", "").startswith("application/json")
                and body.get("type") == "message"
                and attachment.get("contentType") == "application/vnd.microsoft.card.adaptive"
                and attachment.get("content", {}).get("type") == "AdaptiveCard"
            )
            return self._reply(202 if ok else 400, {})
        self._reply(404, {})


@pytest.fixture
def endpoint():
    Recorder.requests = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", Recorder.requests
    server.shutdown()
    server.server_close()
    thread.join()


LINK_TEXT = "http://teampulse.example:8501/?code=ABCD-EFGH-JKMN-PQRS"


def test_slack_direct_messages_use_the_documented_web_api_calls(endpoint):
    url, requests = endpoint
    sender = SlackSender("xoxb-test", base_url=f"{url}/api/")
    message = invitation("Atlas", "Psychological safety", date(2026, 12, 13), LINK_TEXT, 5)
    sender.send("U0BEN0002", message)  # a user id: straight to chat.postMessage
    sender.send("ann@example.org", message)  # an email: looked up first
    calls = [(r["method"], r["path"]) for r in requests]
    assert calls == [
        ("POST", "/api/chat.postMessage"),
        ("POST", "/api/users.lookupByEmail"),
        ("POST", "/api/chat.postMessage"),
    ]
    assert requests[1]["body"] == {"email": "ann@example.org"}
    assert [r["body"]["channel"] for r in requests if "chat" in r["path"]] == ["U0BEN0002", "U0ANN0001"]
    body = requests[0]["body"]
    assert LINK_TEXT in body["text"] and any(LINK_TEXT in json.dumps(b) for b in body["blocks"])
    assert body["unfurl_links"] is False  # Slack's servers must not fetch the link and spend nothing
    with pytest.raises(invitations.SendFailed, match="users_not_found"):
        sender.send("nobody@example.org", message)
    with pytest.raises(invitations.SendFailed, match="not_authed"):
        SlackSender("xoxb-wrong", base_url=f"{url}/api/").send("ann@example.org", message)


def test_teams_messages_post_an_adaptive_card_to_the_workflow(endpoint):
    url, requests = endpoint
    sender = TeamsSender(f"{url}/workflows/invite")
    message = invitation("Atlas", "Psychological safety", date(2026, 12, 13), LINK_TEXT, 5)
    sender.send("ann@example.org", message)
    (request,) = requests
    body = request["body"]
    assert request["method"] == "POST" and body["recipient"] == "ann@example.org"
    card = body["attachments"][0]["content"]
    assert card["version"] and card["actions"] == [
        {"type": "Action.OpenUrl", "title": "Answer the pulse", "url": LINK_TEXT}
    ]
    with pytest.raises(invitations.SendFailed, match="HTTP 404"):
        TeamsSender(f"{url}/workflows/missing").send("ann@example.org", message)


def test_failed_recipients_are_counted_and_named_to_the_admin_but_never_stored(db, endpoint):
    url, requests = endpoint
    teams.add_team(db, "Atlas")
    set_roster(db, "Atlas", parse_roster("slack:ann@example.org\nslack:nobody@example.org\nteams:ben@example.org"))
    from pulse.rounds import open_round

    rnd = open_round(db, "Atlas", "psych-safety")
    outbox = {
        "slack": SlackSender("xoxb-test", base_url=f"{url}/api/"),
        "teams": TeamsSender(f"{url}/workflows/invite"),
    }
    report = invitations.send_round(db, rnd, "invitation", 1, outbox, BASE_URL)
    assert (report.sent, report.failed) == (2, 1)
    assert report.problems == ["slack nobody@example.org: Slack refused the message: users_not_found"]
    assert invitations.send_log(db.cursor())[0][1:] == ("invitation", 1, date.today(), 2, 1)
    assert codes.code_counts(db.cursor(), rnd.id) == (3, 0)  # the failed one's code is a spare nobody holds


def test_outbox_from_the_environment():
    outbox = invitations.outbox_from_env(
        {"TEAMPULSE_SMTP_HOST": "mail.example.org", "TEAMPULSE_SMTP_SECURITY": "starttls", "TEAMPULSE_SLACK_TOKEN": "x"}
    )
    assert set(outbox) == {"email", "slack"} and outbox["email"].port == 587
    assert invitations.outbox_from_env({}) == {}


def test_invite_and_remind_from_the_command_line_reach_the_smtp_server(tmp_path, smtp, monkeypatch):
    from click.testing import CliRunner

    from teampulse.cli import main

    inbox, sender = smtp
    path = str(tmp_path / "cli.duckdb")
    (tmp_path / "roster.csv").write_text("name,email\nAnn Lee,ann@example.org\nBen Ode,ben@example.org\n")
    runner = CliRunner()
    for args in (["team", "add", "Atlas"], ["round", "open", "Atlas", "psych-safety"]):
        assert runner.invoke(main, ["--db", path, *args]).exit_code == 0
    monkeypatch.setenv("TEAMPULSE_SMTP_HOST", sender.host)
    monkeypatch.setenv("TEAMPULSE_SMTP_PORT", str(sender.port))
    monkeypatch.setenv("TEAMPULSE_BASE_URL", BASE_URL)
    roster = ["--roster", str(tmp_path / "roster.csv")]
    result = runner.invoke(main, ["--db", path, "invite", "Atlas", "psych-safety", *roster])
    assert result.exit_code == 0 and "Atlas, psych-safety: invitation sent to 2, failed for 0" in result.output
    result = runner.invoke(main, ["--db", path, "remind", "Atlas", "psych-safety", *roster])
    assert result.exit_code == 0 and "reminder 1 sent to 2" in result.output
    mails = inbox.take()
    assert sorted(r for r, _ in mails) == ["ann@example.org", "ann@example.org", "ben@example.org", "ben@example.org"]
    assert sum("If you have already answered, thank you" in m.get_content() for _, m in mails) == 2
    with Database(path) as db:  # a roster given with --roster is used to send and not stored
        assert invitations.roster_sizes(db.cursor()) == {}
        assert [r[1:3] + r[4:] for r in invitations.send_log(db.cursor())] == [
            ("invitation", 1, 2, 0),
            ("reminder", 1, 2, 0),
        ]
    result = runner.invoke(main, ["--db", path, "invite", "Atlas", "enps", *roster])
    assert result.exit_code == 1 and "Atlas has no open enps round for today" in result.output


class LinkSpool(Spool):
    """Keeps whole links: what a member's mail client would open."""

    def send(self, address, message):
        self.sent.append((address, message.link))


def test_every_link_carries_the_team_results_token_so_it_opens_the_team_page_after_the_close(db):
    from urllib.parse import parse_qs, urlsplit

    from pulse.rounds import open_round
    from pulse.tokens import team_links

    teams.add_team(db, "Atlas")
    teams.add_team(db, "Beacon")
    set_roster(db, "Atlas", parse_roster("ann@example.org\nben@example.org"))
    rnd = open_round(db, "Atlas", "psych-safety")
    spool = LinkSpool()
    invitations.send_round(db, rnd, "invitation", 1, {"email": spool}, BASE_URL)
    queries = [parse_qs(urlsplit(link).query) for link in spool.take().values()]
    tokens = {q["results"][0] for q in queries}
    assert len(tokens) == 1  # one token per team, the same for everyone: it ties nothing to a person
    assert team_links.team_for_token(db, tokens.pop()) == "Atlas"
    assert len({q["code"][0] for q in queries}) == 2
