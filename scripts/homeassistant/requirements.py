"""Prints the pip requirements of the given Home Assistant integrations, one a line.

Run with the venv's Python (scripts/homeassistant.sh ensure). Reads the installed package's manifests: the
integrations named, those Home Assistant sets up at every start (bootstrap's own lists), and every integration
they depend on, so that Home Assistant can then run with --skip-pip.
"""

import json
import sys
from pathlib import Path

import homeassistant
from homeassistant import bootstrap

COMPONENTS = Path(homeassistant.__file__).parent / "components"


def manifest(domain: str) -> dict:
    path = COMPONENTS / domain / "manifest.json"
    if not path.is_file():
        sys.exit(f"requirements.py: no integration {domain!r} in Home Assistant {homeassistant.__version__}")
    return json.loads(path.read_text())


def always_loaded() -> set[str]:
    """The integrations bootstrap sets up whatever the configuration says (outside the Supervisor)."""
    return set(bootstrap.CORE_INTEGRATIONS) | set(bootstrap.DEFAULT_INTEGRATIONS)


def main(requested: list[str]) -> None:
    wanted = set(requested) | always_loaded()
    seen: set[str] = set()
    todo = sorted(wanted)
    while todo:
        domain = todo.pop()
        if domain in seen:
            continue
        seen.add(domain)
        todo.extend(manifest(domain).get("dependencies", []))
    requirements: list[str] = []
    for domain in sorted(seen):
        for requirement in manifest(domain).get("requirements", []):
            if requirement not in requirements:
                requirements.append(requirement)
    print("\n".join(requirements))


if __name__ == "__main__":
    main(sys.argv[1:])
