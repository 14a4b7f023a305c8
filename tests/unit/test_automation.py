"""The GitHub workflows and the pre-commit hook: valid YAML that runs commands this repo has.

A workflow that names a Makefile target or a ``minutes`` sub-command that does not exist
fails only on GitHub, after the pull request is open; these tests fail first.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import tomllib
import yaml

from mkdocs_minutes.cli import build_parser

REPO = Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
CI = WORKFLOWS / "ci.yml"
DEPLOY = WORKFLOWS / "deploy.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"

SYSTEM_COMMANDS = {("sudo", "apt-get")}
"""Commands from the runner image rather than this repository (installing Chromium)."""


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
        return None
    if tuple(words[:2]) in SYSTEM_COMMANDS:
        return None
    return f"'{words[0]}' is neither a Makefile target, a console script nor an allowed tool"


@pytest.mark.parametrize(
    ("run", "problem"),
    [
        ("make build", None),
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


@pytest.mark.parametrize("path", [CI, DEPLOY], ids=["ci", "deploy"])
def test_every_run_step_names_commands_that_exist(path: Path) -> None:
    runs = [step["run"] for step in _steps(_load(path)) if "run" in step]
    assert runs, f"{path.name} runs nothing"
    problems = [p for run in runs for words in _commands(run) if (p := command_problem(words))]
    assert problems == []


@pytest.mark.parametrize("path", [CI, DEPLOY], ids=["ci", "deploy"])
def test_every_step_is_a_run_or_a_pinned_action(path: Path) -> None:
    for step in _steps(_load(path)):
        assert ("run" in step) != ("uses" in step), step
        if "uses" in step:
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@v\d+", step["uses"]), step["uses"]


def test_the_console_script_and_make_targets_exist() -> None:
    assert _console_scripts()["minutes"] == "mkdocs_minutes.cli:main"
    assert {"build", "test"} <= _makefile_targets()
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
    upload = position(lambda s: s.get("uses", "").startswith("actions/upload-artifact@v4"))
    chromium = position(lambda s: "apt-get install -y chromium" in s.get("run", ""))
    test = position(lambda s: s.get("run") == "make test")
    assert build < check < upload < chromium < test
    assert steps[upload]["with"]["path"].rstrip("/") == "site"
    assert "actions/checkout@v4" in uses
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
