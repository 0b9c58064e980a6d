"""The open documents' documented functions as the server's exemplar index."""

from lsp_server.server.workspace_exemplars import OpenDocument, WorkspaceExemplars

CONFIG = 'def load_config(path):\n    """Load the config file."""\n    return json.load(open(path))\n'
OTHER = "def save(path, data):\n    json.dump(data, open(path, 'w'))\n"


def test_documented_functions_of_open_documents_are_indexed_and_forgotten_when_closed():
    exemplars = WorkspaceExemplars()
    config = OpenDocument("file:///a.py", 1, CONFIG, "python", "/a.py")
    other = OpenDocument("file:///b.py", 1, OTHER, "python", "/b.py")
    index = exemplars.index([config, other])
    assert index.names == ("load_config",) and index.summaries == ("Load the config file.",)
    assert exemplars.index([config, other]) is index  # nothing changed: not rebuilt
    assert exemplars.index([other]).names == ()


def test_a_new_version_is_read_again():
    exemplars = WorkspaceExemplars()
    first = OpenDocument("file:///a.py", 1, OTHER, "python", "/a.py")
    assert exemplars.index([first]).names == ()
    edited = OpenDocument("file:///a.py", 2, CONFIG, "python", "/a.py")
    assert exemplars.index([edited]).names == ("load_config",)


def test_markdown_and_languages_without_a_grammar_give_nothing():
    exemplars = WorkspaceExemplars()
    notes = OpenDocument("file:///n.md", 1, "```python\n" + CONFIG + "```\n", "markdown", "/n.md")
    fortran = OpenDocument("file:///f.f90", 1, "! Adds.\nfunction add(a, b)\nend function\n", "fortran", "/f.f90")
    assert exemplars.index([notes, fortran]).names == ()
