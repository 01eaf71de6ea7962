"""The organisers' secret: `portal secret new` writes 256 random bits outside the repository; anything weaker is refused."""

from __future__ import annotations

import os
import stat

import pytest
from conftest import TEST_KEY, TEST_SECRET

from generator.problems import UsageError
from generator.site.codes import code_for
from generator.site.secret import PREFIX, derive, parse_secret, purpose_key, read_secret

WEAK = {
    "short": "1234",
    "passphrase": "correct horse battery staple, but longer",
    "long random text in another form": "Zx9Ld0v2kq8T1mM4pV7bR3yN6cH5sW0eJ2uA8fG1iK4o",
    "no prefix": TEST_SECRET.split(":", 1)[1],
    "too few digits": TEST_SECRET[:-1],
    "one byte repeated": PREFIX + "00" * 32,
    "a pattern typed by hand": PREFIX + "0011223344556677" * 4,
    "counting": PREFIX + "".join(f"{i % 12:02x}" for i in range(32)),
}


@pytest.fixture
def config_home(tmp_path, monkeypatch):
    home = tmp_path / "config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_portal_secret_new_writes_256_random_bits_readable_by_the_user_alone(run, tmp_path, config_home, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run("secret", "new")
    assert code == 0, err
    written = config_home / "evaluation-portal" / "portal-secret"
    assert mode(written) == 0o600 and mode(written.parent) == 0o700
    text = written.read_text(encoding="ascii")
    assert text.startswith(PREFIX) and len(parse_secret(text, "test")) == 32
    assert str(written) in out and "portal codes" in out and "PORTAL_SECRET" in out and "下一步" in out
    other = tmp_path / "elsewhere" / "secret.txt"
    assert run("secret", "new", "--out", str(other))[0] == 0
    assert mode(other) == 0o600 and other.read_text() != text  # each one new


def test_an_existing_secret_is_never_overwritten_without_force(run, tmp_path, config_home):
    target = tmp_path / "secret.txt"
    assert run("secret", "new", "--out", str(target))[0] == 0
    first = target.read_text()
    code, out, err = run("secret", "new", "--out", str(target))
    assert code == 1 and "已经存在" in err and "--force" in err
    assert target.read_text() == first
    assert run("secret", "new", "--out", str(target), "--force")[0] == 0
    assert target.read_text() != first and mode(target) == 0o600


def test_a_link_in_the_way_is_replaced_with_force_never_written_through(run, tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    link = tmp_path / "secret.txt"
    link.symlink_to(victim)
    assert run("secret", "new", "--out", str(link))[0] == 1
    assert run("secret", "new", "--out", str(link), "--force")[0] == 0
    assert victim.read_text(encoding="utf-8") == "keep me" and not link.is_symlink()


@pytest.mark.parametrize("where", ["secret.txt", "scorecards/secret.txt", "site/secret", ".portal/secret"])
def test_a_secret_is_never_written_inside_the_portal(run, minimal, where, monkeypatch):
    monkeypatch.chdir(minimal.root)
    code, out, err = run("secret", "new", "--out", where)
    assert code == 1 and "仓库" in err and str(minimal.root) in err
    assert not (minimal.root / where).exists()


def test_inside_the_portal_is_refused_from_wherever_the_command_runs(run, minimal, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (minimal.root / "codes").mkdir()
    code, out, err = run("secret", "new", "--out", str(minimal.root / "codes" / "secret.txt"))
    assert code == 1 and not (minimal.root / "codes" / "secret.txt").exists()
    monkeypatch.chdir(minimal.root / "scorecards")  # a folder of the portal: its root is found above
    assert run("secret", "new", "--out", "../secret.txt")[0] == 1


@pytest.mark.parametrize("kind", sorted(WEAK))
def test_a_weak_secret_is_refused_not_warned_about(run, minimal, tmp_path, monkeypatch, kind):
    monkeypatch.setenv("PORTAL_SECRET", WEAK[kind])
    for command in (["codes", "--out", str(tmp_path / "codes")], ["build"]):
        code, out, err = run(*command, "--root", str(minimal.root))
        assert code == 1 and "portal secret new" in err and "PORTAL_SECRET" in err, (command, err)
        assert WEAK[kind] not in out + err  # the value is never echoed (CI logs)
    assert not (tmp_path / "codes").exists() and not (minimal.root / "site").exists()


def test_a_weak_secret_file_is_refused_and_named(run, minimal, tmp_path, monkeypatch):
    monkeypatch.delenv("PORTAL_SECRET", raising=False)
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(WEAK["passphrase"] + "\n", encoding="utf-8")
    code, out, err = run("codes", "--root", str(minimal.root), "--secret-file", str(secret_file), "--out", str(tmp_path / "o"))
    assert code == 1 and str(secret_file) in err and "portal secret new" in err
    assert not (tmp_path / "o").exists()


def test_what_portal_secret_new_writes_is_accepted_by_codes_and_build(run, minimal, tmp_path):
    target = tmp_path / "secret.txt"
    assert run("secret", "new", "--out", str(target))[0] == 0
    code, out, err = run("codes", "--root", str(minimal.root), "--secret-file", str(target), "--out", str(tmp_path / "o"))
    assert code == 0, err
    key = read_secret(target)
    assert code_for(key, "2026", "lisi")[:4] in (tmp_path / "o" / "codes-2026.csv").read_text(encoding="utf-8-sig")


def test_the_accepted_form_reads_with_blanks_around_and_in_either_case():
    assert parse_secret(f"  {TEST_SECRET.upper().replace('PORTAL-SECRET-1:', PREFIX)}\n", "test") == TEST_KEY
    with pytest.raises(UsageError):
        parse_secret(TEST_SECRET + " extra", "test")


def test_a_random_secret_passes_the_distinct_bytes_check():
    for _ in range(2000):
        parse_secret(PREFIX + os.urandom(32).hex(), "test")


def test_every_purpose_has_its_own_key_from_hkdf():
    keys = {purpose_key(TEST_KEY, purpose) for purpose in ("code", "content", "content-nonce", "wrap-nonce", "sealed-memo")}
    assert len(keys) == 5 and TEST_KEY not in keys
    assert derive(TEST_KEY, "code", "2026", "lisi") != derive(TEST_KEY, "content", "2026", "lisi")
    assert derive(TEST_KEY, "code", "2026", "lisi") != derive(TEST_KEY, "code", "2026\0lisi")  # parts are framed
