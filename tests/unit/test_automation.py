"""The GitHub workflows and the pre-commit hook: valid YAML that runs commands this repo has.

A workflow that names a Makefile target or a ``minutes`` sub-command or option that does
not exist fails only on GitHub, after the pull request is open; these tests fail first.
actionlint checks the rest (expressions, inputs, action versions, the shell of ``run:``
steps when shellcheck is installed); where its binary is missing that test skips, except
under ``CI=true``.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
import tomllib
import yaml

from mkdocs_minutes.cli import build_parser

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
DEPLOY = WORKFLOWS / "deploy.yml"
IMPORT = WORKFLOWS / "import-notes.yml"
ALL_WORKFLOWS = [CI, DEPLOY, IMPORT]
WORKFLOW_IDS = ["ci", "deploy", "import-notes"]
HOOKS = REPO / ".pre-commit-hooks.yaml"

SYSTEM_COMMANDS = {("sudo", "apt-get")}
"""Commands from the runner image rather than this repository (installing Chromium)."""

SHELL_COMMANDS = {"echo", "cat", "grep", "tee", "true", "{", "}"}
"""Shell built-ins and coreutils the scripts use to pass results between steps."""

_ASSIGNMENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*=")
_REDIRECTION = re.compile(r"^\d*(?:>>?|<)")


def _load(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name} is not a YAML mapping"
    return data


def _triggers(workflow: dict) -> dict:
    """The ``on:`` block (YAML 1.1 reads a bare ``on`` key as True)."""
    triggers = workflow.get("on", workflow.get(True))
    if isinstance(triggers, str):
        return {triggers: None}
    if isinstance(triggers, list):
        return dict.fromkeys(triggers)
    assert isinstance(triggers, dict), "the workflow has no triggers"
    return triggers


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def _makefile_targets() -> set[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w-]*)\s*:(?!=)", text, re.MULTILINE))


def _makefile_recipe(target: str) -> str:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    found = re.search(rf"^{re.escape(target)}\s*:[^\n]*\n((?:\t[^\n]*\n?)*)", text, re.MULTILINE)
    assert found, f"Makefile has no '{target}' target"
    return found.group(1)


def _console_scripts() -> dict[str, str]:
    data = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    return data["project"]["scripts"]


def _subcommands() -> set[str]:
    parser = build_parser()
    for action in parser._actions:  # argparse keeps sub-parsers only here
        if action.choices and isinstance(action.choices, dict):
            return set(action.choices)
    raise AssertionError("the minutes CLI has no sub-commands")


def _commands(run: str) -> list[list[str]]:
    """The simple commands of a ``run:`` script: split at newlines, ``&&``, ``||`` and ``;``."""
    commands = []
    for part in re.split(r"\n|&&|\|\||;", run):
        words = shlex.split(part, comments=True)
        if words:
            commands.append(words)
    return commands


def command_problem(words: list[str]) -> str | None:
    """Why a command in a workflow would fail for want of something in this repository."""
    if words[0] == "make":
        targets = [word for word in words[1:] if not word.startswith("-") and "=" not in word]
        missing = [target for target in targets if target not in _makefile_targets()]
        return f"Makefile has no target {missing}" if missing or not targets else None
    program = Path(words[0]).name
    if program in _console_scripts():
        if words[0] not in (program, f".venv/bin/{program}"):
            return f"{words[0]}: run the console script from .venv/bin (what `make` installs)"
        if len(words) < 2 or words[1] not in _subcommands():
            return f"'{program}' has no sub-command {words[1:2]}"
        return _minutes_arguments_problem(words)
    if tuple(words[:2]) in SYSTEM_COMMANDS or words[0] in SHELL_COMMANDS:
        return None
    if _ASSIGNMENT.match(words[0]):
        return None
    return f"'{words[0]}' is neither a Makefile target, a console script nor an allowed tool"


def _minutes_arguments_problem(words: list[str]) -> str | None:
    """Whether ``minutes`` accepts the command's options (shell variables stand for values)."""
    argv = []
    for word in words[1:]:
        if word == "|":
            break
        if not _REDIRECTION.match(word):
            argv.append(word)
    with contextlib.redirect_stderr(io.StringIO()) as stderr:
        try:
            build_parser().parse_args(argv)
        except SystemExit:
            return f"'minutes {' '.join(argv)}': {stderr.getvalue().strip().splitlines()[-1]}"
    return None


@pytest.mark.parametrize(
    ("run", "problem"),
    [
        ("make build", None),
        ("make install", None),
        (
            '.venv/bin/minutes import "$URL" --date "$DATE" --series "$SERIES" 2>&1 >"$T" | tee x',
            None,
        ),
        ('.venv/bin/minutes check "$NOTE" >"$T/log" || status=$?', None),
        ('{\n  echo "a"\n  grep -v "^::" log || true\n} >"$T/body.md"', None),
        ('.venv/bin/minutes import "$URL" --server "$H"', "unrecognized arguments"),
        (".venv/bin/minutes check --strict", "unrecognized arguments"),
        ("make test", None),
        (".venv/bin/minutes check", None),
        ("sudo apt-get update && sudo apt-get install -y chromium", None),
        ("make deploy", "no target"),
        ("make", "no target"),
        (".venv/bin/minutes lint", "no sub-command"),
        ("minutes", "no sub-command"),
        ("bin/minutes check", "from .venv/bin"),
        ("mkdocs gh-deploy --force", "neither"),
        ("make build && rm -rf /", "neither"),
    ],
)
def test_the_command_checker_itself(run: str, problem: str | None) -> None:
    """The checker below must reject what does not exist, or the workflow tests prove nothing."""
    problems = [p for words in _commands(run) if (p := command_problem(words))]
    if problem is None:
        assert problems == []
    else:
        assert problems and problem in problems[0]


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=WORKFLOW_IDS)
def test_every_run_step_names_commands_that_exist(path: Path) -> None:
    runs = [step["run"] for step in _steps(_load(path)) if "run" in step]
    assert runs, f"{path.name} runs nothing"
    problems = [p for run in runs for words in _commands(run) if (p := command_problem(words))]
    assert problems == []


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=WORKFLOW_IDS)
def test_every_step_is_a_run_or_a_pinned_action(path: Path) -> None:
    for step in _steps(_load(path)):
        assert ("run" in step) != ("uses" in step), step
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]


@pytest.mark.parametrize("path", ALL_WORKFLOWS, ids=WORKFLOW_IDS)
def test_no_expression_inside_a_run_script(path: Path) -> None:
    """``${{ }}`` in ``run:`` pastes text (an input, a title) into the script: injection.
    Values reach scripts through ``env:``."""
    for step in _steps(_load(path)):
        assert "${{" not in step.get("run", ""), step.get("name")


def test_the_console_script_and_make_targets_exist() -> None:
    assert _console_scripts()["minutes"] == "mkdocs_minutes.cli:main"
    assert {"build", "test", "install", "lint"} <= _makefile_targets()
    assert "mkdocs build --strict" in _makefile_recipe("build")
    assert {"check", "new", "import", "export"} <= _subcommands()


def test_ci_runs_on_pull_requests_and_other_branches() -> None:
    triggers = _triggers(_load(CI))
    assert "pull_request" in triggers
    push = triggers.get("push") or {}
    assert "main" in (push.get("branches-ignore") or []), "main is the deploy workflow's"


def test_ci_builds_strictly_checks_uploads_and_tests_in_order() -> None:
    workflow = _load(CI)
    steps = _steps(workflow)
    runs = [step.get("run", "") for step in steps]
    uses = [step.get("uses", "") for step in steps]

    def position(predicate) -> int:
        found = [i for i, step in enumerate(steps) if predicate(step)]
        assert found, "step missing"
        return found[0]

    build = position(lambda s: s.get("run") == "make build")
    check = position(lambda s: s.get("run") == ".venv/bin/minutes check")
    upload = position(lambda s: s.get("uses", "").startswith("actions/upload-artifact@"))
    chromium = position(lambda s: "apt-get install -y chromium" in s.get("run", ""))
    test = position(lambda s: s.get("run") == "make test")
    assert build < check < upload < chromium < test
    assert steps[upload]["with"]["path"].rstrip("/") == "site"
    assert any(use.startswith("actions/checkout@") for use in uses)
    setup = steps[position(lambda s: s.get("uses", "").startswith("actions/setup-python@"))]
    assert str(setup["with"]["python-version"]) == "3.11"
    assert setup["with"]["cache"] == "pip"
    assert not any("GITHUB_ACTIONS" in str(step.get("env", {})) for step in steps), (
        "GitHub sets GITHUB_ACTIONS=true itself; the annotations need it"
    )
    assert "sudo apt-get update" in runs[chromium]


def test_deploy_publishes_main_to_github_pages() -> None:
    workflow = _load(DEPLOY)
    push = _triggers(workflow)["push"]
    assert push["branches"] == ["main"]
    assert "pull_request" not in _triggers(workflow)
    permissions = workflow["permissions"]
    assert permissions["pages"] == "write" and permissions["id-token"] == "write"
    jobs = workflow["jobs"]
    build_steps = jobs["build"]["steps"]
    assert any(step.get("run") == "make build" for step in build_steps)
    upload = next(s for s in build_steps if s.get("uses", "").startswith("actions/upload-pages"))
    assert upload["with"]["path"].rstrip("/") == "site"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


@pytest.mark.parametrize("path", [CI, DEPLOY], ids=["ci", "deploy"])
def test_the_site_builds_keep_the_plugins_cache_between_runs(path: Path) -> None:
    """``.cache/minutes/`` restored before ``make build``: the build is then warm (0.8x a
    plain Material build at 1,000 meetings, 2.4x cold). Caches are immutable, so each run
    saves its own (the commit in the key) and restores the newest earlier one."""
    steps = _steps(_load(path))
    build = next(i for i, step in enumerate(steps) if step.get("run") == "make build")
    cached = [
        (i, step)
        for i, step in enumerate(steps)
        if step.get("uses", "").startswith("actions/cache@")
    ]
    assert len(cached) == 1, "one cache step"
    position, step = cached[0]
    assert position < build
    options = step["with"]
    assert options["path"].rstrip("/") == ".cache/minutes"
    assert "github.sha" in options["key"]
    prefix = options["restore-keys"].strip()
    assert options["key"].startswith(prefix) and prefix != options["key"]


def test_pre_commit_hook_runs_minutes_check_on_markdown() -> None:
    hooks = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert isinstance(hooks, list) and len(hooks) == 1
    hook = hooks[0]
    assert {"id", "name", "entry", "language"} <= set(hook), "fields pre-commit requires"
    assert hook["id"] == "minutes-check"
    assert hook["entry"] == "minutes check"
    assert hook["language"] == "python", "pre-commit pip-installs this repository"
    assert hook["pass_filenames"] is True
    files = re.compile(hook["files"])
    assert files.search("docs/meetings/community/2024-05-02.md")
    assert not files.search("plugins/mkdocs_minutes/cli.py")
    program, subcommand = hook["entry"].split()
    assert program in _console_scripts() and subcommand in _subcommands()
    assert (REPO / "pyproject.toml").exists(), "pre-commit installs the repo with pip"


def test_import_workflow_is_run_by_hand_with_a_link() -> None:
    workflow = _load(IMPORT)
    triggers = _triggers(workflow)
    assert list(triggers) == ["workflow_dispatch"]
    inputs = triggers["workflow_dispatch"]["inputs"]
    assert inputs["url"]["required"] is True
    assert not inputs["date"].get("required") and not inputs["series"].get("required")
    assert workflow["permissions"] == {"contents": "write", "pull-requests": "write"}


def test_import_workflow_imports_checks_and_opens_a_pull_request_in_order() -> None:
    workflow = _load(IMPORT)
    assert workflow["defaults"]["run"]["shell"] == "bash", "pipefail: a failed import fails"
    steps = _steps(workflow)

    def position(predicate) -> int:
        found = [i for i, step in enumerate(steps) if predicate(step)]
        assert len(found) == 1, "step missing or repeated"
        return found[0]

    def runs(command: str):
        return lambda step: any(
            words[:2] == command.split() for words in _commands(step.get("run", ""))
        )

    checkout = position(lambda s: s.get("uses", "").startswith("actions/checkout@"))
    install = position(runs("make install"))
    imported = position(runs(".venv/bin/minutes import"))
    checked = position(runs(".venv/bin/minutes check"))
    body = position(lambda s: "pull-request.md" in s.get("run", ""))
    pull = position(lambda s: s.get("uses", "").startswith("peter-evans/create-pull-request@"))
    assert checkout < install < imported < checked < body < pull

    env = steps[imported]["env"]
    assert env["URL"] == "${{ inputs.url }}"
    assert env["DATE"] == "${{ inputs.date }}" and env["SERIES"] == "${{ inputs.series }}"
    (command,) = [w for w in _commands(steps[imported]["run"]) if w[0].endswith("minutes")]
    assert command[2:7] == ["$URL", "--date", "$DATE", "--series", "$SERIES"]
    outputs = steps[imported]["run"]
    assert ">>$GITHUB_OUTPUT" in outputs.replace('"', "") and "path=" in outputs

    assert steps[checked]["env"]["NOTE"] == "${{ steps.import.outputs.path }}"
    assert "|| status=$?" in steps[checked]["run"], "findings go to the pull request"

    with_ = steps[pull]["with"]
    assert with_["add-paths"] == "${{ steps.import.outputs.path }}", "only the note"
    assert with_["branch"] == "${{ steps.import.outputs.branch }}", "a branch per note"
    assert with_["body-path"].endswith("/pull-request.md")
    assert "check-log" in steps[body]["run"] and "import-log" in steps[body]["run"]


def test_empty_optional_inputs_mean_not_given() -> None:
    """The workflow passes ``--date ""`` and ``--series ""`` when the inputs are empty."""
    args = build_parser().parse_args(
        ["import", "https://hackmd.io/x", "--date", "", "--series", ""]
    )
    assert not args.date and not args.series


# --- actionlint ----------------------------------------------------------------------------


def _actionlint() -> str:
    """The actionlint binary of this environment (the test extra installs it), else a skip;
    under CI=true a missing linter is a failure."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which("actionlint", path=search)
    if found:
        return found
    message = "actionlint is not installed (pip install -e '.[test]'): workflows not linted"
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {message}", pytrace=False)
    pytest.skip(message)


def _lint(*paths: Path, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_actionlint(), "-no-color", "-oneline", *map(str, paths)],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_actionlint_passes_on_every_workflow() -> None:
    workflows = sorted(WORKFLOWS.glob("*.yml"))
    assert set(ALL_WORKFLOWS) <= set(workflows)
    result = _lint(*workflows)
    assert result.returncode == 0, result.stdout + result.stderr


def test_make_lint_runs_actionlint_over_the_workflows() -> None:
    assert "actionlint .github/workflows/" in _makefile_recipe("lint")


BROKEN_WORKFLOW = """\
name: t
on:
  workflow_dispatch:
    inputs:
      url:
        required: true
        type: string
jobs:
  t:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v5
        with:
          ref: ${{ inputs.nope }}
"""


def test_actionlint_finds_what_is_wrong(tmp_path: Path) -> None:
    """The linter is not vacuous: an undefined input is reported."""
    path = tmp_path / ".github" / "workflows" / "t.yml"
    path.parent.mkdir(parents=True)
    path.write_text(BROKEN_WORKFLOW, encoding="utf-8")
    result = _lint(path, cwd=tmp_path)
    assert result.returncode == 1
    assert '"nope" is not defined' in result.stdout


# --- the import workflow's scripts, run for real -------------------------------------------


def _step_named(steps: list[dict], word: str) -> dict:
    (step,) = [step for step in steps if word in step.get("name", "")]
    return step


def _run_step(step: dict, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A ``run:`` script as ``shell: bash`` runs it on GitHub (``bash -eo pipefail``)."""
    script = cwd.parent / "step.sh"
    script.write_text(step["run"], encoding="utf-8")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _outputs(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return dict(line.split("=", 1) for line in lines)


@pytest.fixture
def workflow_run(tmp_path: Path) -> Iterator[tuple[Path, dict[str, str], str]]:
    """A checkout of the demo archive with ``.venv/bin/minutes``, the runner's variables,
    and a loopback server that answers like HackMD."""
    from tests.conftest import copy_demo
    from tests.unit.test_fetch import HackMDLike

    if shutil.which("bash") is None or shutil.which("realpath") is None:
        pytest.skip("bash and realpath (coreutils) are needed to run the workflow's scripts")
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    copy_demo(checkout)
    (checkout / ".venv" / "bin").mkdir(parents=True)
    (checkout / ".venv" / "bin" / "minutes").symlink_to(Path(sys.executable).parent / "minutes")
    (tmp_path / "runner").mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (HackMDLike,), {"paths": []}))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    proxies = {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"}
    env = {k: v for k, v in os.environ.items() if k.upper() not in proxies}
    env.update(
        NO_PROXY="127.0.0.1",
        MINUTES_HACKMD_URL=base,
        GITHUB_ACTIONS="true",
        RUNNER_TEMP=str(tmp_path / "runner"),
        GITHUB_OUTPUT=str(tmp_path / "output"),
    )
    try:
        yield checkout, env, base
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_import_workflow_scripts_import_check_and_describe(
    workflow_run: tuple[Path, dict[str, str], str],
) -> None:
    checkout, env, base = workflow_run
    steps = _steps(_load(IMPORT))
    url = f"{base}/public?view"
    inputs = {"URL": url, "DATE": "", "SERIES": ""}
    done = _run_step(_step_named(steps, "minutes import"), checkout, {**env, **inputs})
    assert done.returncode == 0, done.stdout + done.stderr
    assert "changed: re-indented" in done.stdout, "the log shows what the import changed"
    outputs = _outputs(Path(env["GITHUB_OUTPUT"]))
    note = "docs/meetings/team-compass/2024-05-02.md"
    assert outputs == {"path": note, "branch": "import-notes/docs/meetings/team-compass/2024-05-02"}
    assert (checkout / note).is_file()

    checked = _run_step(_step_named(steps, "minutes check"), checkout, {**env, "NOTE": note})
    assert checked.returncode == 0, "findings do not fail the job"
    status = _outputs(Path(env["GITHUB_OUTPUT"]))["status"]
    assert "passcode" in checked.stdout and "::warning file=" in checked.stdout

    described = _run_step(
        _step_named(steps, "description"),
        checkout,
        {**env, "URL": url, "NOTE": note, "STATUS": status},
    )
    assert described.returncode == 0, described.stderr
    body = (Path(env["RUNNER_TEMP"]) / "pull-request.md").read_text(encoding="utf-8")
    assert f"Imported from <{url}>" in body
    assert "changed: removed 1 [TOC] line" in body
    assert f"### `minutes check {note}` (exit status {status})" in body
    assert re.search(rf"^{re.escape(note)}:\d+:\d+: warning: meeting passcode", body, re.M)
    assert "::warning" not in body, "findings, not the run's annotations"


def test_import_workflow_stops_on_a_private_note(
    workflow_run: tuple[Path, dict[str, str], str],
) -> None:
    checkout, env, base = workflow_run
    url = f"{base}/private?view"
    step = _step_named(_steps(_load(IMPORT)), "minutes import")
    done = _run_step(step, checkout, {**env, "URL": url, "DATE": "", "SERIES": ""})
    assert done.returncode != 0
    assert done.stdout.startswith(f"minutes import: {url}: HackMD answered with a web page")
    assert _outputs(Path(env["GITHUB_OUTPUT"])) == {}
    assert sorted(p.name for p in (checkout / "docs" / "meetings").iterdir()) == ["2019-03-21.md"]
