"""The syntax layer: tree-sitter parses of snippets and documents, the function or class around a
position, its documentation, and structural facts about code. No LSP here."""

from lsp_server.engine.syntax.docs import (
    Documentation,
    DocumentedFunction,
    documentation,
    documented_functions,
    documented_unit,
    first_sentence,
    own_documentation,
)
from lsp_server.engine.syntax.grammars import LANGUAGES, has_grammar
from lsp_server.engine.syntax.tree import SyntaxTree, parse, parse_snippet
from lsp_server.engine.syntax.units import Unit, enclosing_unit, function_name, functions

__all__ = [
    "LANGUAGES",
    "Documentation",
    "DocumentedFunction",
    "SyntaxTree",
    "Unit",
    "documentation",
    "documented_functions",
    "documented_unit",
    "enclosing_unit",
    "first_sentence",
    "function_name",
    "functions",
    "has_grammar",
    "own_documentation",
    "parse",
    "parse_snippet",
]
