"""_computed_imports and ``ProjectImports.loaded``: the modules a module loads by a name (or a
path) it gives at run time. A name built from a literal start loads what lies under it; a name
the code does not spell may be any module; an import statement's reading is unchanged."""

from __future__ import annotations

import pytest

from helpers import ProjectReader

from flask_codemod.codemods._project_imports import ProjectImports

FILES = {
    "shop/__init__.py": "",
    "shop/app.py": "",
    "shop/plugins/__init__.py": "",
    "shop/plugins/weather.py": "",
    "shop/plugins/news.py": "",
    "shop/themes/__init__.py": "",
    "shop/themes/dark.py": "",
    "scripts/cron.py": "",
    "docs/example.py": "",  # (examples and tests: no module the application loads)
    "tests/test_app.py": "",
}
APPLICATION = set(FILES) - {"docs/example.py", "tests/test_app.py"}


class _Reader:
    def __init__(self, files: dict[str, str], path: str) -> None:
        self.project = ProjectReader(files, path)
        self.read_file = self.project
        self.project_files = self.project.project_files


def _loaded(code: str, path: str = "shop/app.py") -> frozenset[str]:
    files = {**FILES, path: code}
    imports = ProjectImports(_Reader(files, path))
    assert imports.imports(path) <= {"shop/__init__.py"}, "no import statement names the plugins"
    return imports.loaded(path, frozenset(APPLICATION))  # (what _test_reach gives for a name not told)


PLUGINS = {"shop/__init__.py", "shop/plugins/__init__.py", "shop/plugins/weather.py", "shop/plugins/news.py"}


@pytest.mark.parametrize(
    "code",
    [
        "import importlib\nimportlib.import_module('shop.plugins.' + name)\n",
        "from importlib import import_module\nimport_module(f'shop.plugins.{name}')\n",
        "__import__('shop.plugins.%s' % name)\n",
        "import importlib\nimportlib.import_module('shop.plugins.{}'.format(name))\n",
        "import importlib\nPLUGINS = 'shop.plugins'\nimportlib.import_module(PLUGINS + '.' + name)\n",
        "import importlib\nimportlib.import_module('.' + name, 'shop.plugins')\n",
        "import importlib\nimportlib.import_module(f'{__package__}.plugins.{name}')\n",
        "from werkzeug.utils import find_modules\nnames = list(find_modules('shop.plugins'))\n",  # (a listing of the package's modules)
    ],
)
def test_a_name_built_from_a_literal_start_loads_every_module_under_it(code):
    assert _loaded(code) == PLUGINS


def test_a_relative_name_from_the_package_s_own_init_loads_its_modules():
    code = "import importlib, pkgutil\nfor info in pkgutil.iter_modules(__path__):\n    importlib.import_module('.' + info.name, __name__)\n"
    assert _loaded(code, "shop/plugins/__init__.py") == {"shop/__init__.py", "shop/plugins/weather.py", "shop/plugins/news.py"}


def test_a_name_written_whole_loads_that_module_and_the_packages_above():
    assert _loaded("import importlib\nimportlib.import_module('shop.themes.dark')\n") == {"shop/__init__.py", "shop/themes/__init__.py", "shop/themes/dark.py"}
    # an object of a module, as werkzeug's import_string takes it
    assert _loaded("from werkzeug.utils import import_string\nimport_string('shop.themes.dark:Theme')\n") == {"shop/__init__.py", "shop/themes/__init__.py", "shop/themes/dark.py"}


@pytest.mark.parametrize(
    "code",
    [
        "import importlib, os\nimportlib.import_module(os.environ['PLUGIN'])\n",
        "def load(name):\n    return __import__(name)\n",
        "import importlib\nimportlib.import_module('.' + name, package)\n",  # a package not told
        "import imp, os\nimp.load_source('p', os.path.join(HERE, name))\n",
        "from werkzeug.utils import find_modules, import_string\nfor m in find_modules('shop.plugins'):\n    import_string(m)\n",  # (m: not read)
    ],
)
def test_a_name_the_code_does_not_spell_may_load_any_module_of_the_application(code):
    assert _loaded(code) == APPLICATION - {"shop/app.py"}


def test_a_path_written_whole_loads_that_file():
    assert _loaded("import runpy\nrunpy.run_path('scripts/cron.py')\n") == {"scripts/cron.py"}


def test_a_python_2_module_is_read_off_its_text():
    code = "import importlib\nprint 'loading'\nmodule = importlib.import_module('shop.plugins.' + name)\n"
    assert _loaded(code) == PLUGINS
    code = "print 'loading'\nmodule = __import__(settings.PLUGIN)\n"
    assert _loaded(code) == APPLICATION - {"shop/app.py"}
    code = "print 'loading'\nimport_module('shop.themes.dark')\n"
    assert _loaded(code) == {"shop/__init__.py", "shop/themes/__init__.py", "shop/themes/dark.py"}


def test_reached_follows_loads_only_when_asked():
    files = {**FILES, "shop/app.py": "import importlib\nimportlib.import_module('shop.plugins.' + name)\n", "tests/test_app.py": "from shop import app\n"}
    imports = ProjectImports(_Reader(files, "tests/test_app.py"))
    assert imports.reached(["tests/test_app.py"]) == {"tests/test_app.py", "shop/__init__.py", "shop/app.py"}
    assert imports.reached(["tests/test_app.py"], loads=True) == {"tests/test_app.py", "shop/app.py", *PLUGINS}
