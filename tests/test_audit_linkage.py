"""`casecrowd audit`: the capture reads real schemas and logs, the linkage figures can fail."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from click.testing import CliRunner

from casecrowd.audit import precision
from casecrowd.audit.adversaries import NIGHTLY, nightly
from casecrowd.audit.attacks import ATTACKS
from casecrowd.audit.capture import Capture, LogKind, run_capture
from casecrowd.audit.columns import MEMBERSHIP, PSEUDONYM, classify, ties
from casecrowd.audit.journey import POST, REGISTER, TOKENS
from casecrowd.audit.report import Options, render_times, run
from casecrowd.cli import cli
from casecrowd.client.pseudonyms import PSEUDONYMS_PATH
from casecrowd.db import BINDS
from casecrowd.desk.models import Membership
from casecrowd.issuer.settings import REQUEST_PATH

NOW = precision.as_micros(datetime(2025, 6, 1, 12, 0, tzinfo=UTC))
FINAL_LINE = re.compile(
    r"linkage N=(\d+) adversary=(nightly|continuous): linked \d\.\d{4} chance \d\.\d{4}"
)


@pytest.fixture(scope="module")
def capture(postgres, tmp_path_factory) -> Capture:
    """One real run per module, on the suite's backend."""
    urls = {bind: postgres.create(f"audit_{bind}") for bind in BINDS} if postgres else None
    return run_capture(tmp_path_factory.mktemp("audit"), urls)


def column(capture: Capture, table: str, name: str):
    return next(c for c in capture.columns if (c.table, c.column) == (table, name))


def test_capture_reads_the_real_schema(capture):
    counts = column(capture, "issuer_token_counts", "epoch")
    assert counts.tied_to == (MEMBERSHIP,)
    assert counts.precision == precision.EPOCH
    assert TOKENS in counts.written_during
    registered = [c for c in capture.columns if REGISTER in c.written_during]
    assert registered and all(PSEUDONYM in c.tied_to for c in registered if c.table == "pseudonyms")
    posted = column(capture, "signed_envelopes", "created")
    assert posted.tied_to == (PSEUDONYM,) and POST in posted.written_during
    # A post's time comes after registration: it never dates the appearance.
    assert "signed_envelopes" not in nightly(capture).appearance.source
    assert "| issuer_token_counts | epoch |" in render_times(capture)


@pytest.mark.parametrize(
    ("name", "kind", "values", "expected"),
    [
        ("seen_at", "datetime", ["2025-06-01 10:00:00.123456"], precision.MICROSECOND),
        ("seen_at", "datetime", ["2025-06-01 10:00:00", "2025-06-02 11:00:00"], precision.HOUR),
        ("seen_at", "datetime", [datetime(2025, 6, 1, 10, 5, 7)], precision.SECOND),
        ("seen_on", "date", ["2025-06-01"], precision.DAY),
        ("epoch", "integer", [679], precision.EPOCH),
        ("sent_at", "integer", [NOW // 1_000_000 + 7], precision.SECOND),
        ("seen_at", "datetime", [], precision.MICROSECOND),  # nothing stored: assumed exact
    ],
)
def test_precision_is_measured_on_the_values(name, kind, values, expected):
    assert precision.measure(name, kind, values, NOW)[0] == expected


def test_a_fine_time_next_to_a_membership_makes_the_nightly_issuance_exact(tmp_path, capture):
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'identity.sqlite3'}")
    made = sa.MetaData()
    sa.Table("desk_memberships", made, sa.Column("id", sa.Integer, primary_key=True))
    sa.Table(
        "probe_log",
        made,
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("member", sa.ForeignKey("desk_memberships.id")),
        sa.Column("seen", sa.DateTime),
    )
    made.create_all(engine)
    with engine.begin() as connection:
        connection.execute(sa.text("INSERT INTO desk_memberships (id) VALUES (1)"))
        connection.execute(
            sa.text("INSERT INTO probe_log (member, seen) VALUES (1, '2025-06-01 10:00:00.250001')")
        )
    reflected = sa.MetaData()
    reflected.reflect(bind=engine)
    with engine.connect() as connection:
        rows = [dict(r._mapping) for r in connection.execute(sa.text("SELECT * FROM probe_log"))]
    engine.dispose()
    assert Membership.__tablename__ == "desk_memberships"
    found = classify(
        "identity", reflected.tables["probe_log"], rows, ties([reflected])["probe_log"], NOW
    )
    assert [(c.column, c.tied_to, c.precision) for c in found] == [
        ("seen", (MEMBERSHIP,), precision.MICROSECOND)
    ]
    coarse = Capture(tuple(c for c in capture.columns if c.precision >= precision.DAY), ())
    assert nightly(coarse).issuance.precision == precision.DAY
    fine = Capture((*coarse.columns, *found), ())
    assert nightly(fine).issuance.precision == precision.EXACT
    assert nightly(fine).issuance.source == "probe_log.seen"


def test_a_log_line_per_token_request_and_registration_makes_nightly_worse(capture):
    lines = tuple(
        LogKind("casecrowd.requests", "INFO", step, f"POST {route}", step, 1)
        for step, route in ((TOKENS, REQUEST_PATH), (REGISTER, PSEUDONYMS_PATH))
    )
    logged = Capture(capture.columns, capture.logs + lines)
    assert nightly(logged).issuance.precision == precision.EXACT
    assert nightly(logged).appearance.precision == precision.EXACT
    assert "casecrowd.requests log line" in nightly(logged).issuance.source
    quiet = Capture(tuple(c for c in capture.columns if c.precision >= precision.DAY), ())
    options = Options(members=(50,), trials=8)
    before, after = run(options, quiet)[0], run(options, logged)[0]
    assert after.linked > before.linked


def test_the_current_client_stays_near_chance(capture):
    rows = run(Options(members=(50,), trials=25), capture)
    assert [row.adversary.name for row in rows] == [NIGHTLY, "continuous"]
    assert rows[0].score.pseudonyms >= 1000
    for row, bound in zip(rows, (4, 8), strict=True):
        fractions = {name: round(row.score.fraction(name), 4) for name in ATTACKS}
        assert row.linked <= bound * row.chance, (row.adversary.name, fractions, row.chance)


def test_the_old_client_is_linked_far_above_chance(capture):
    nightly_row, continuous_row = run(Options(members=(50,), trials=25, baseline=True), capture)
    assert continuous_row.linked >= 0.9
    assert continuous_row.linked >= 20 * continuous_row.chance
    assert nightly_row.linked >= 5 * nightly_row.chance


def test_the_command_ends_with_one_line_per_configuration():
    result = CliRunner().invoke(
        cli, ["audit", "linkage", "--members", "20,40", "--trials", "2"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    last = result.stdout.strip().splitlines()[-4:]
    assert [FINAL_LINE.fullmatch(line).groups() for line in last] == [
        ("20", "nightly"),
        ("20", "continuous"),
        ("40", "nightly"),
        ("40", "continuous"),
    ]


@pytest.mark.parametrize("members", ["ten", "50,,200", "0", ""])
def test_bad_sizes_are_refused_in_one_line(members):
    result = CliRunner().invoke(cli, ["audit", "linkage", "--members", members])
    assert result.exit_code == 2
    assert "--members" in result.output
