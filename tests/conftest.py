import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))


def _sample_module(name: str):
    """A script of `sample_data/` (the generators), loaded as a module."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "sample_data" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def generator():
    return _sample_module("generate")


@pytest.fixture(scope="session")
def messy():
    """The writer of free-text addresses typed the way people type them."""
    return _sample_module("messy_addresses")


@pytest.fixture(scope="session")
def columns_form(tmp_path_factory, generator):
    """A 4,000-row commune form with separate commune/district/province columns."""
    out = tmp_path_factory.mktemp("gen") / "xa_cot.xlsx"
    return generator.generate(out, rows=4000, seed=11, layout="columns")


@pytest.fixture(scope="session")
def commune_form(tmp_path_factory, generator):
    """A 4,000-row form of one new commune's residents: few distinct addresses."""
    out = tmp_path_factory.mktemp("gen") / "xa_mot_xa.xlsx"
    return generator.generate(out, rows=4000, seed=13, layout="columns", commune_file=True)


@pytest.fixture(scope="session")
def address_form(tmp_path_factory, generator):
    """A 4,000-row commune form with one free-text address column."""
    out = tmp_path_factory.mktemp("gen") / "xa_diachi.xlsx"
    return generator.generate(out, rows=4000, seed=12, layout="address")


@pytest.fixture(scope="session")
def forms(tmp_path_factory):
    """Workbooks shaped like the official forms (voter list, household register), each with
    its truth written from the reference tables: name -> (workbook, truth frame)."""
    import polars as pl

    module = _sample_module("forms")
    out = tmp_path_factory.mktemp("forms")
    made = {}
    for name, write in module.FORMS.items():
        path = out / f"{name}.xlsx"
        truth = write(path)
        truth.write(out / f"{name}_truth.csv")
        made[name] = (path, pl.read_csv(out / f"{name}_truth.csv", infer_schema=False))
    return made
