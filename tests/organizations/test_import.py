"""The organization import (tryghed/accounts/importer.py and `manage import_organization`).

Self-contained: builds its own units and people rather than using the cast in conftest.py,
because the import is about creating exactly those.
"""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from tryghed.accounts.importer import InvalidFile, import_organization
from tryghed.accounts.models import EmploymentType, User
from tryghed.audit.models import Action, AuditEvent
from tryghed.organizations.models import Membership, RiskLevel, Unit, UnitKind
from tryghed.organizations.roles import Role

HEADER = (
    "type;kode;navn;overordnet;art;risikoniveau;email;stilling;ansaettelsestype;startdato;rolle\n"
)

# Line numbers are the file's: the header is line 1. "borgerservice" names its parent
# "raadhuset" before the file defines it.
ISHOEJ = HEADER + (
    "enhed;ishoej;Ishøj Kommune;;kommune;;;;;;\n"  # 2
    "enhed;boern;Center for Børn og Læring;ishoej;Center;middel;;;;;\n"  # 3
    "enhed;smoerblomsten;Børnehuset Smørblomsten;boern;DRIFTSSTED;høj;;;;;\n"  # 4
    "enhed;borgerservice;Borgerservice;raadhuset;afdeling;high;;;;;\n"  # 5
    "enhed;raadhuset;Rådhuset;ishoej;site;;;;;;\n"  # 6
    "person;smoerblomsten;Søren Ærø;;;;soeren.aeroe@ishoj.dk;Pædagog;nyansat;2024-08-01;\n"  # 7
    "person;smoerblomsten;Åse Østergaard;;;;Aase.Oestergaard@Ishoj.dk;Leder;fast;01-02-2019;leder\n"
    "person;smoerblomsten;Åse Østergaard;;;;aase.oestergaard@ishoj.dk;;;;amr\n"  # 9
    "person;borgerservice;Jørgen Lærkesø;;;;jorgen@ishoj.dk;Elev i borgerservice;elev;;tr\n"  # 10
)


@pytest.fixture(autouse=True)
def english():
    """Assert on the English messages, whatever the Danish translation later says."""
    with translation.override("en"):
        yield


def run(text, dry_run=False):
    return import_organization(text, dry_run=dry_run)


def unit(code):
    return Unit.objects.get(code=code)


def roles(email):
    memberships = Membership.objects.filter(user__email=email)
    return set(memberships.values_list("unit__code", "role"))


def snapshot():
    """Everything an import can change, to prove a dry run changed nothing."""
    return (
        list(Unit.objects.values_list("code", "name", "kind", "parent__code", "risk_level")),
        list(User.objects.values_list("email", "name", "job_title", "employment_type")),
        list(Membership.objects.values_list("user__email", "unit__code", "role")),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def ishoej(db):
    """The municipality and a center already in the database, as after an earlier import."""
    root = Unit.objects.create(code="ishoej", name="Ishøj Kommune", kind=UnitKind.MUNICIPALITY)
    Unit.objects.create(code="boern", name="Center for Børn", kind=UnitKind.CENTER, parent=root)
    return root


# Creating


@pytest.mark.django_db
def test_import_creates_the_tree_with_parents_defined_later_in_the_file():
    result = run(ISHOEJ)

    assert result.rejected == []
    assert unit("ishoej").parent is None
    assert unit("ishoej").kind == UnitKind.MUNICIPALITY
    assert unit("boern").parent == unit("ishoej")
    assert unit("smoerblomsten").parent == unit("boern")
    assert unit("borgerservice").parent == unit("raadhuset")
    assert unit("raadhuset").parent == unit("ishoej")
    assert unit("raadhuset").kind == UnitKind.SITE


@pytest.mark.django_db
def test_import_reads_danish_words_and_codes_for_kind_and_risk_level():
    run(ISHOEJ)

    assert unit("boern").name == "Center for Børn og Læring"
    assert unit("boern").risk_level == RiskLevel.MEDIUM
    assert unit("smoerblomsten").kind == UnitKind.SITE
    assert unit("smoerblomsten").risk_level == RiskLevel.HIGH
    assert unit("borgerservice").risk_level == RiskLevel.HIGH
    assert unit("raadhuset").risk_level == RiskLevel.LOW


@pytest.mark.django_db
def test_import_creates_people_with_their_details_and_no_usable_password():
    run(ISHOEJ)

    soeren = User.objects.get(email="soeren.aeroe@ishoj.dk")
    assert soeren.name == "Søren Ærø"
    assert soeren.job_title == "Pædagog"
    assert soeren.employment_type == EmploymentType.NEW_HIRE
    assert str(soeren.started_on) == "2024-08-01"
    assert not soeren.has_usable_password()
    aase = User.objects.get(email="aase.oestergaard@ishoj.dk")
    assert str(aase.started_on) == "2019-02-01"
    assert aase.employment_type == EmploymentType.PERMANENT


@pytest.mark.django_db
def test_a_person_on_several_rows_is_one_person_with_several_roles():
    result = run(ISHOEJ)

    assert User.objects.filter(email__iexact="aase.oestergaard@ishoj.dk").count() == 1
    assert roles("aase.oestergaard@ishoj.dk") == {
        ("smoerblomsten", Role.MANAGER),
        ("smoerblomsten", Role.SAFETY_REP),
    }
    assert roles("soeren.aeroe@ishoj.dk") == {("smoerblomsten", Role.EMPLOYEE)}
    assert roles("jorgen@ishoj.dk") == {("borgerservice", Role.UNION_REP)}
    assert (result.units.created, result.people.created, result.memberships.created) == (5, 3, 4)


@pytest.mark.django_db
def test_units_may_hang_below_units_already_in_the_database(ishoej):
    result = run(HEADER + "enhed;solsikken;Børnehuset Solsikken;boern;driftssted;lav;;;;;\n")

    assert result.rejected == []
    assert unit("solsikken").parent.code == "boern"
    assert (result.units.created, result.units.updated, result.units.unchanged) == (1, 0, 0)


# Importing again


@pytest.mark.django_db
def test_importing_the_same_file_twice_changes_nothing_the_second_time():
    run(ISHOEJ)
    before = snapshot()

    result = run(ISHOEJ)

    assert (result.units.created, result.units.updated, result.units.unchanged) == (0, 0, 5)
    assert (result.people.created, result.people.updated, result.people.unchanged) == (0, 0, 3)
    assert (result.memberships.created, result.memberships.unchanged) == (0, 4)
    assert snapshot()[:3] == before[:3]


@pytest.mark.django_db
def test_reimport_updates_units_and_people_rather_than_duplicating_them():
    run(ISHOEJ)
    changed = (
        ISHOEJ.replace("Børnehuset Smørblomsten;boern", "Smørblomsten;raadhuset")
        .replace("Pædagog;nyansat", "Souschef;fast")
        .replace("soeren.aeroe@ishoj.dk", "SOEREN.AEROE@ishoj.dk")
    )

    result = run(changed)

    assert Unit.objects.count() == 5
    assert User.objects.count() == 3
    assert unit("smoerblomsten").name == "Smørblomsten"
    assert unit("smoerblomsten").parent.code == "raadhuset"
    soeren = User.objects.get(email="soeren.aeroe@ishoj.dk")
    assert (soeren.job_title, soeren.employment_type) == ("Souschef", EmploymentType.PERMANENT)
    assert (result.units.updated, result.people.updated) == (1, 1)


@pytest.mark.django_db
def test_people_are_matched_by_email_whatever_its_case(ishoej):
    existing = User.objects.create_user("jorgen@ishoj.dk", name="Jørgen L.")
    User.objects.filter(pk=existing.pk).update(email="Jorgen@Ishoj.dk")

    result = run(HEADER + "person;boern;Jørgen Lærkesø;;;;JORGEN@ishoj.dk;;;;\n")

    assert result.rejected == []
    assert User.objects.count() == 1
    assert User.objects.get().name == "Jørgen Lærkesø"
    assert (result.people.created, result.people.updated) == (0, 1)


@pytest.mark.django_db
def test_empty_cells_leave_an_existing_persons_details_alone(ishoej):
    run(HEADER + "person;boern;Søren Ærø;;;;soeren@ishoj.dk;Pædagog;vikar;2023-01-02;\n")

    run(HEADER + "person;boern;Søren Ærø;;;;soeren@ishoj.dk;;;;\n")

    soeren = User.objects.get(email="soeren@ishoj.dk")
    assert (soeren.job_title, soeren.employment_type) == ("Pædagog", EmploymentType.TEMP)
    assert str(soeren.started_on) == "2023-01-02"


@pytest.mark.django_db
def test_memberships_missing_from_the_file_are_kept(ishoej):
    person = User.objects.create_user("lise@ishoj.dk", name="Lise Ågård")
    Membership.objects.create(user=person, unit=ishoej, role=Role.ADVISOR)

    run(HEADER + "person;boern;Lise Ågård;;;;lise@ishoj.dk;;;;leder\n")

    assert roles("lise@ishoj.dk") == {("ishoej", Role.ADVISOR), ("boern", Role.MANAGER)}


# Dry run


@pytest.mark.django_db
def test_dry_run_changes_nothing_but_reports_what_a_real_run_would_do(ishoej):
    file = ISHOEJ + "person;nowhere;Ukendt Ærlighed;;;;ukendt@ishoj.dk;;;;\n"
    before = snapshot()

    dry = run(file, dry_run=True)

    assert snapshot() == before
    real = run(file)
    assert dry.dry_run
    assert not real.dry_run
    assert (dry.units, dry.people, dry.memberships, dry.rejected) == (
        real.units,
        real.people,
        real.memberships,
        real.rejected,
    )
    assert (dry.units.created, dry.units.updated) == (3, 1)


# Rejected rows

REJECTED = HEADER + (
    "enhed;ishoej;Ishøj Kommune;;kommune;;;;;;\n"  # 2
    "enhed;hjemmepleje;Hjemmeplejen;sundhed;afdeling;;;;;;\n"  # 3: unknown parent
    "enhed;kantine;Kantinen;ishoej;kantine;;;;;;\n"  # 4: unknown kind
    "person;ishoej;Bent Ørsted;;;;bent-at-ishoj.dk;;;;\n"  # 5: bad e-mail
    "person;ishoej;Bodil Æbelø;;;;bodil@ishoj.dk;;;31-02-2024;\n"  # 6: bad date
    "person;ishoej;Birte Ås;;;;birte@ishoj.dk;;;;chef\n"  # 7: unknown role
    "enhed;tandpleje;;ishoej;afdeling;;;;;;\n"  # 8: empty name
    "enhed;broendby;Brøndby Kommune;;kommune;;;;;;\n"  # 9: second municipality
    "\n"  # 10: blank, skipped but counted
    "enhed;vaerksted;Værkstedet;hjemmepleje;afdeling;;;;;;\n"  # 11: parent was rejected
    "person;kantine;Karl Ærø;;;;karl@ishoj.dk;;;;\n"  # 12: unit was rejected
    "person;ishoej;Gitte Ø;;;;gitte@ishoj.dk;;fast;;\n"  # 13
    "person;ishoej;Gitte Ø;;;;gitte@ishoj.dk;;vikar;;amr\n"  # 14: details differ from 13
    "enhed;ishoej;Ishøj igen;;kommune;;;;;;\n"  # 15: code used twice
    "medarbejder;ishoej;Hans;;;;hans@ishoj.dk;;;;\n"  # 16: unknown type
    "enhed;jobcenter;Jobcenter;ishoej;center;;;;;;\n"  # 17: fine
    "person;jobcenter;Hanne Ørum;;;;hanne@ishoj.dk;;elev;;\n"  # 18: fine
)


@pytest.mark.django_db
def test_rejected_rows_have_their_line_numbers_and_reasons():
    result = run(REJECTED)

    reasons = dict(result.rejected)
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 11, 12, 14, 15, 16]
    assert reasons[3] == 'unknown parent unit "sundhed"'
    assert reasons[4].startswith('unknown value "kantine" in "art"; use one of: kommune, ')
    assert reasons[5] == '"bent-at-ishoj.dk" is not a valid e-mail address'
    assert reasons[6].startswith('"31-02-2024" is not a date')
    assert reasons[7].startswith('unknown value "chef" in "rolle"; use one of: medarbejder, ')
    assert reasons[8] == 'the column "navn" is empty'
    assert reasons[9] == 'there is already a municipality ("ishoej"); there can be only one'
    assert reasons[11] == 'the parent unit "hjemmepleje" was rejected (line 3)'
    assert reasons[12] == 'the unit "kantine" was rejected (line 4)'
    assert reasons[14] == "the person's details differ from those on line 13"
    assert reasons[15] == 'the code "ishoej" is already used on line 2'
    assert reasons[16].startswith('unknown type "medarbejder"')


@pytest.mark.django_db
def test_the_valid_rows_are_imported_despite_rejected_ones():
    run(REJECTED)

    assert set(Unit.objects.values_list("code", flat=True)) == {"ishoej", "jobcenter"}
    assert roles("hanne@ishoj.dk") == {("jobcenter", Role.EMPLOYEE)}
    assert roles("gitte@ishoj.dk") == {("ishoej", Role.EMPLOYEE)}
    assert not User.objects.filter(email__in=["bent-at-ishoj.dk", "birte@ishoj.dk"]).exists()


@pytest.mark.django_db
def test_a_second_municipality_is_added_from_its_own_file_beside_the_first(ishoej):
    result = run(HEADER + "enhed;broendby;Brøndby Kommune;;kommune;;;;;;\n")

    assert result.rejected == []
    assert set(Unit.objects.roots().values_list("code", flat=True)) == {"ishoej", "broendby"}
    assert Unit.objects.get(code="broendby").municipality is not None


@pytest.mark.django_db
def test_a_file_holds_one_municipality(ishoej):
    result = run(
        HEADER
        + "enhed;broendby;Brøndby Kommune;;kommune;;;;;;\n"
        + "enhed;albertslund;Albertslund Kommune;;kommune;;;;;;\n"
    )

    assert result.rejected == [
        (3, 'there is already a municipality ("broendby"); there can be only one')
    ]


@pytest.mark.django_db
def test_a_unit_other_than_the_municipality_needs_a_parent(ishoej):
    result = run(HEADER + "enhed;loes;Løs Afdeling;;afdeling;;;;;;\n")

    assert result.rejected == [
        (2, 'every unit but the municipality needs a parent unit ("overordnet")')
    ]


@pytest.mark.django_db
def test_a_unit_cannot_be_moved_below_its_own_child(ishoej):
    file = HEADER + (
        "enhed;skole;Strandgårdskolen;boern;driftssted;;;;;;\n"
        "enhed;boern;Center for Børn;skole;center;;;;;;\n"
    )

    result = run(file)

    assert result.rejected == [(3, "the unit would be placed below itself")]
    assert unit("boern").parent == ishoej
    assert unit("skole").parent.code == "boern"


@pytest.mark.django_db
def test_the_municipality_cannot_be_moved_below_another_unit(ishoej):
    result = run(HEADER + "enhed;ishoej;Ishøj Kommune;boern;center;;;;;;\n")

    assert result.rejected == [(2, '"ishoej" is the municipality, at the root of the tree')]
    assert unit("ishoej").parent is None


@pytest.mark.django_db
def test_line_numbers_are_physical_lines_also_after_a_cell_spanning_two_lines(ishoej):
    file = HEADER + (
        'person;boern;Ida Ærø;;;;ida@ishoj.dk;"Pædagog,\nsouschef";;;\n'  # 2-3
        "person;boern;Ib Ø;;;;ib@ishoj.dk;;;2024-13-01;\n"  # 4
    )

    result = run(file)

    assert result.rejected[0][0] == 4
    assert User.objects.get(email="ida@ishoj.dk").job_title == "Pædagog,\nsouschef"


# The file


@pytest.mark.django_db
def test_commas_and_a_byte_order_mark_are_read_like_semicolons(ishoej):
    file = "\ufeff" + HEADER.replace(";", ",") + "person,boern,Åge Bæk,,,,aage@ishoj.dk,,,,leder\n"

    result = run(file)

    assert result.rejected == []
    assert roles("aage@ishoj.dk") == {("boern", Role.MANAGER)}


@pytest.mark.django_db
def test_columns_may_be_left_out_and_named_with_ae(ishoej):
    file = "Type;Kode;Navn;E-mail;Ansættelsestype\nperson;boern;Åge Bæk;aage@ishoj.dk;praktikant\n"

    run(file)

    assert User.objects.get(email="aage@ishoj.dk").employment_type == EmploymentType.INTERN


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty"),
        ("enhed;ishoej;Ishøj Kommune;;kommune\n", "unknown columns: enhed, ishoej"),
        ("kode;navn;email\n", "lacks the columns: type"),
        ("type;kode;navn;navn\n", "names a column twice: navn"),
    ],
)
@pytest.mark.django_db
def test_a_file_without_a_valid_header_is_refused_as_a_whole(text, message):
    with pytest.raises(InvalidFile, match=message):
        run(text)


# The command


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "organisation.csv"
    path.write_text(text, encoding=encoding)
    return path


def command(*args):
    out = StringIO()
    try:
        call_command("import_organization", *map(str, args), stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


@pytest.mark.django_db
def test_the_command_imports_the_file_and_reports_the_counts(tmp_path):
    out, error = command(write(tmp_path, ISHOEJ, encoding="utf-8-sig"))

    assert error is None
    assert "Units: 5 created, 0 updated, 0 unchanged." in out
    assert "People: 3 created, 0 updated, 0 unchanged." in out
    assert "Memberships: 4 added, 0 already there." in out
    assert "rejected" not in out
    assert Unit.objects.count() == 5


@pytest.mark.django_db
def test_the_command_lists_rejected_rows_and_imports_the_rest(tmp_path):
    out, error = command(write(tmp_path, REJECTED))

    assert error is not None
    assert error.returncode == 2
    assert "12 rows were rejected:" in out
    assert '  line 3: unknown parent unit "sundhed"\n' in out
    assert "  line 16: " in out
    assert "The other rows were imported" in out
    assert Unit.objects.filter(code="jobcenter").exists()


@pytest.mark.django_db
def test_the_command_on_a_dry_run_saves_nothing_and_says_so(tmp_path):
    out, error = command(write(tmp_path, REJECTED), "--dry-run")

    assert out.startswith("Dry run: nothing was saved.")
    assert "The other rows would be imported" in out
    assert error.returncode == 2
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_the_command_gives_one_line_for_a_missing_file(tmp_path):
    out, error = command(tmp_path / "findes-ikke.csv")

    assert error.returncode == 1
    assert str(error) == f"{tmp_path / 'findes-ikke.csv'}: no such file"
    assert out == ""


@pytest.mark.django_db
def test_the_command_refuses_a_file_that_is_not_utf8(tmp_path):
    _, error = command(write(tmp_path, ISHOEJ, encoding="cp1252"))

    assert error.returncode == 1
    assert "is not UTF-8 text" in str(error)
    assert not Unit.objects.exists()


@pytest.mark.django_db
def test_the_command_refuses_a_file_without_a_header(tmp_path):
    _, error = command(write(tmp_path, ISHOEJ.removeprefix(HEADER)))

    assert error.returncode == 1
    assert "The first line must be the header" in str(error)
    assert not Unit.objects.exists()


# Audit


@pytest.mark.django_db
def test_a_real_import_is_audited_with_counts_only():
    run(REJECTED)

    event = AuditEvent.objects.get(action=Action.ORGANIZATION_IMPORTED)
    assert event.actor is None
    assert event.data == {"units": 2, "people": 2, "memberships": 2, "rejected": 12}


@pytest.mark.django_db
def test_a_dry_run_is_not_audited():
    run(ISHOEJ, dry_run=True)

    assert not AuditEvent.objects.filter(action=Action.ORGANIZATION_IMPORTED).exists()


@pytest.mark.django_db
def test_every_role_the_import_gives_is_audited(ishoej):
    importer = User.objects.create_user("it@ishoj.dk", name="Ib Tårnby")

    import_organization(
        HEADER + "person;boern;Lise Ågård;;;;lise@ishoj.dk;;;;leder\n",
        dry_run=False,
        actor=importer,
    )

    event = AuditEvent.objects.get(action=Action.MEMBERSHIP_CHANGED)
    lise = User.objects.get(email="lise@ishoj.dk")
    assert (event.actor, event.unit, event.target) == (importer, unit("boern"), lise)
    assert event.data == {"role": Role.MANAGER, "change": "saved", "reason": "import"}


@pytest.mark.django_db
def test_a_role_the_person_already_has_is_not_audited_again(ishoej):
    run(HEADER + "person;boern;Lise Ågård;;;;lise@ishoj.dk;;;;leder\n")
    run(HEADER + "person;boern;Lise Ågård;;;;lise@ishoj.dk;;;;leder\n")

    assert AuditEvent.objects.filter(action=Action.MEMBERSHIP_CHANGED).count() == 1
