"""The documented install command, `cmake --install build --component python --prefix PREFIX`,
gives an importable package: into a virtual environment (site-packages) and into a prefix such
as /usr/local (dist-packages, where Debian's python3 looks)."""
import os
import pathlib
import subprocess
import sys

BUILD = pathlib.Path(os.environ.get("IONARRAY_BUILD_DIR", pathlib.Path(__file__).resolve().parents[2] / "build"))
CMAKE = os.environ.get("CMAKE_COMMAND", "cmake")
VERSION = f"python{sys.version_info.major}.{sys.version_info.minor}"


def install(prefix):
    done = subprocess.run([CMAKE, "--install", str(BUILD), "--component", "python", "--prefix", str(prefix)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout


def imported_from(python, env=None):
    """Where `python` imports ionarray from, run outside the build tree, and a device it opens."""
    code = "import ionarray; print(ionarray.__file__); print(ionarray.open('fixed').info()['uri'])"
    done = subprocess.run([str(python), "-c", code], capture_output=True, text=True, env=env, cwd="/")
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_install_into_a_prefix(tmp_path):
    out = install(tmp_path)
    site = tmp_path / "lib" / VERSION / "dist-packages"
    assert f"installed in {site}" in out
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env["PYTHONPATH"] = str(site)
    where, uri = imported_from(sys.executable, env)
    assert where == str(site / "ionarray" / "__init__.py") and uri == "fixed://"


def test_install_into_a_virtual_environment(tmp_path):
    venv = tmp_path / "venv"
    # (Debian's numpy from the system; no pip needed to install)
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], check=True)
    install(venv)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    where, uri = imported_from(venv / "bin" / "python", env)
    assert where == str(venv / "lib" / VERSION / "site-packages" / "ionarray" / "__init__.py") and uri == "fixed://"
