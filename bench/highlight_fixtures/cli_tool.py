"""A command line tool built with click, with a config file and subprocesses."""
import configparser
import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

import click
import yaml

CONFIG_NAMES = ("deploy.yaml", "deploy.yml", ".deploy.ini")
CHUNK = 1 << 16


class DeployError(click.ClickException):
    exit_code = 3


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def load_config(folder: Path) -> dict:
    for name in CONFIG_NAMES:
        path = folder / name
        if not path.exists():
            continue
        if path.suffix == ".ini":
            parser = configparser.ConfigParser()
            parser.read(path)
            return {s: dict(parser[s]) for s in parser.sections()}
        with path.open() as fh:
            return yaml.safe_load(fh) or {}
    raise DeployError(f"no config file in {folder} (looked for {', '.join(CONFIG_NAMES)})")


def run(cmd, *, cwd=None, check=True, quiet=False):
    if not quiet:
        click.secho("$ " + " ".join(map(str, cmd)), fg="cyan", err=True)
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if check and proc.returncode != 0:
        raise DeployError(f"{cmd[0]} failed with {proc.returncode}:\n{proc.stderr.strip()}")
    return proc.stdout


@click.group()
@click.option("--verbose", "-v", is_flag=True, help="Print every command.")
@click.pass_context
def cli(ctx, verbose):
    ctx.ensure_object(dict)
    ctx.obj["verbose"] = verbose


@cli.command()
@click.argument("source", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--target", default="production", show_default=True)
@click.option("--dry-run", is_flag=True)
@click.pass_obj
def deploy(obj, source, target, dry_run):
    """Build SOURCE and upload it to TARGET."""
    config = load_config(source)
    try:
        settings = config[target]
    except KeyError:
        raise DeployError(f"unknown target {target!r}; known: {sorted(config)}")
    host, path = settings["host"], settings.get("path", "/srv/www")
    with tempfile.TemporaryDirectory(prefix="deploy-") as tmp:
        build = Path(tmp) / "build"
        run(["make", "-C", str(source), f"OUT={build}"], quiet=not obj["verbose"])
        files = sorted(p for p in build.rglob("*") if p.is_file())
        manifest = {str(p.relative_to(build)): sha256(p) for p in files}
        click.echo(f"{len(files)} files, {sum(p.stat().st_size for p in files) // 1024} KiB")
        if dry_run:
            for name, digest in manifest.items():
                click.echo(f"  {digest[:12]}  {name}")
            return
        if shutil.which("rsync") is None:
            raise DeployError("rsync is not installed")
        run(["rsync", "-az", "--delete", f"{build}/", f"{host}:{path}/"])
    click.secho("deployed", fg="green")


@cli.command(name="clean")
@click.confirmation_option(prompt="Delete all build folders?")
def clean_cmd():
    for folder in Path(".").glob("**/build"):
        shutil.rmtree(folder, ignore_errors=True)
        print("removed", folder)


if __name__ == "__main__":
    cli(obj={})
