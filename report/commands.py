"""The ``policykg report`` and ``policykg show`` commands, attached to the CLI's group by cli.py."""
from __future__ import annotations

from pathlib import Path

import click

AS_OF = click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]),
                     help="Date that decides which tasks are overdue (default: today).")


def _size(path: Path) -> str:
    return f"{path} ({path.stat().st_size:,} bytes)"


def _run(obj, action):
    """Open the store, run ``action(store)``, and turn report errors into one clear line."""
    from .data import ReportError
    from .pictures import PictureError

    store = obj.open()
    try:
        return action(store)
    except (ReportError, PictureError) as error:
        raise click.ClickException(str(error)) from error
    except OSError as error:
        raise click.ClickException(_write_error(error)) from error
    finally:
        store.close()


def _write_error(error: OSError) -> str:
    """A file that cannot be written, in one line that says what to do."""
    name = error.filename or "the output"
    if isinstance(error, IsADirectoryError):
        return f"cannot write {name}: it is a folder; give a file name (report --all writes into a folder)"
    if isinstance(error, (FileExistsError, NotADirectoryError)):
        return f"cannot write into {name}: it is a file; report --all writes its pages into a folder"
    if isinstance(error, FileNotFoundError):
        return f"cannot write {name}: its folder does not exist; make it first"
    return f"cannot write {name}: {error.strerror or error}"


@click.command()
@click.argument("policy", required=False)
@click.option("--all", "every", is_flag=True, help="One page per loaded policy and an index page, in -o DIR.")
@click.option("--output", "-o", required=True, type=click.Path(),
              help="The HTML file to write (with --all: the folder).")
@AS_OF
@click.pass_obj
def report(obj, policy, every, output, as_of):
    """Write the report page of POLICY (id, 文号 or part of the title) as one self-contained HTML file.

    \b
    policykg report 郯政办字〔2025〕20号 -o tancheng.html
    policykg report --all -o reports/
    """
    from . import pages

    from .pictures import graphviz_missing

    day = as_of.date() if as_of else None
    if every and policy:
        raise click.UsageError(f"give one POLICY or --all, not both ({policy!r} and --all)")
    if not every and not policy:
        raise click.UsageError("name one POLICY, or give --all")
    missing = graphviz_missing()
    if missing:
        click.echo(f"warning: {missing}: the page(s) are written without the lineage picture", err=True)
    if every:
        written = _run(obj, lambda store: pages.write_all(store, Path(output), day))
        for path in written:
            click.echo(_size(path), err=True)
        click.echo(f"wrote {len(written) - 1} report page(s) and {pages.INDEX} to {output}", err=True)
    else:
        click.echo(_size(_run(obj, lambda store: pages.write_report(store, policy, Path(output), day))), err=True)


@click.group()
def show():
    """Write one picture of a policy alone (for slides): SVG or PNG, by the output's suffix."""


def _picture(kind: str):
    @click.argument("policy")
    @click.option("--output", "-o", required=True, type=click.Path(dir_okay=False), help="FILE.svg or FILE.png")
    @AS_OF
    @click.pass_obj
    def command(obj, policy, output, as_of):
        from . import pages

        day = as_of.date() if as_of else None
        click.echo(_size(_run(obj, lambda store: pages.write_picture(store, kind, policy, Path(output), day))),
                   err=True)
    return command


show.command("lineage", help="The documents POLICY cites, directly or further up, laid out by level.")(
    _picture("lineage"))
show.command("matrix", help="The owner matrix of POLICY: tasks down the side, agencies across the top.")(
    _picture("matrix"))
