"""Structural facts about a snippet, read from its syntax tree: what code does that no single word says.

Node types differ between grammars, so facts are recognised by the shapes most grammars share
(``for_statement``/``for_expression``, ``call``/``call_expression``/``method_invocation``, operator
tokens that are their own node types).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from tree_sitter import Node

from lsp_server.engine.syntax.tree import SyntaxTree
from lsp_server.engine.syntax.units import ANONYMOUS, CLASSES, function_name, functions

LOOPS = frozenset(
    {
        "for_statement",
        "for_in_statement",
        "for_of_statement",
        "enhanced_for_statement",
        "foreach_statement",
        "for_each_statement",
        "while_statement",
        "do_statement",
        "do_while_statement",
        "for_expression",
        "while_expression",
        "loop_expression",
        "for",
        "while",
        "until",
        "for_range_loop",
        "repeat_statement",
        "for_loop",
        "while_loop",
        "loop_statement",
    }
)
CALLS = frozenset(
    {
        "call",
        "call_expression",
        "method_invocation",
        "invocation_expression",
        "function_call",
        "function_call_expression",
        "member_call_expression",
        "scoped_call_expression",
        "method_call_expression",
        "macro_invocation",
        "command",
    }
)
BIT_OPERATORS = frozenset({"&", "|", "^", "<<", ">>", ">>>", "&=", "|=", "^=", "<<=", ">>=", "~"})
COMPARISONS = frozenset({"<", ">", "<=", ">="})
TRY = frozenset(
    {
        "try_statement",
        "try_expression",
        "try",
        "catch_clause",
        "except_clause",
        "rescue",
        "begin_block",
        "try_catch_statement",
        "try_block",
    }
)
YIELD = frozenset({"yield", "yield_expression", "yield_statement"})
GENERIC = frozenset({"type_parameters", "type_parameter_list", "generic_parameters", "type_parameter"})
STRINGS = frozenset(
    {
        "string",
        "string_literal",
        "interpreted_string_literal",
        "raw_string_literal",
        "template_string",
        "encapsed_string",
        "string_content",
        "string_fragment",
    }
)
REGEX = frozenset({"regex", "regex_literal", "regular_expression", "quoted_regex"})
REGEX_CALLS = re.compile(
    r"(?:^|\.)(?:compile|match|search|fullmatch|findall|finditer|sub|RegExp|Regex|MustCompile|"
    r"Pattern\.compile|preg_\w+)$"
)
SQL = re.compile(
    r"^\s*(?:SELECT\s.+?\sFROM\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s|CREATE\s+TABLE\s"
    r"|select\s+(?:\*|[\w.]+\s*,).*?\sfrom\s|insert\s+into\s+\w+\s*\(|delete\s+from\s+\w+\s+where\s)",
    re.DOTALL,
)
"""Statements as programs write them: upper-case keywords, or lower-case ones with a column list."""
BINDINGS = frozenset(
    {
        "assignment",
        "assignment_expression",
        "init_declarator",
        "variable_declarator",
        "let_declaration",
        "short_var_declaration",
    }
)
_BINARY = re.compile(r"binary|augmented_assignment|compound_assignment|assignment_expression|unary|bitwise")


@dataclass(frozen=True)
class Facts:
    """What the tree says about a snippet's structure."""

    self_call: bool = False
    """A function defined here calls itself, directly or through another function defined here."""
    loop_depth: int = 0
    """The deepest nesting of loops."""
    modulo: bool = False
    bitwise: bool = False
    swap: bool = False
    """Two elements of one collection exchanged (``a[i], a[j] = a[j], a[i]``, a temporary, ``swap(...)``)."""
    compare_indexed: bool = False
    """Two indexed elements compared (``a[j] > a[j + 1]``)."""
    generator: bool = False
    asynchronous: bool = False
    error_handling: bool = False
    declares_class: bool = False
    generic: bool = False
    closure: bool = False
    """An anonymous function that reads a variable of the function around it."""
    regex_literal: bool = False
    sql_literal: bool = False

    def feature_strings(self) -> list[str]:
        """``s:<fact>`` for every fact that holds (``s:loop-depth-2`` for the nesting)."""
        out = [f"s:{f.name.replace('_', '-')}" for f in fields(self) if f.type == "bool" and getattr(self, f.name)]
        if self.loop_depth >= 2:
            out.append("s:nested-loop")
        return out


def facts(tree: SyntaxTree) -> Facts:
    """The structural facts of a parsed snippet."""
    tokens, nodes = _collect(tree)
    units = functions(tree)
    return Facts(
        self_call=bool(recursive_functions(tree, units)),
        loop_depth=_loop_depth(tree.root),
        modulo="%" in tokens or "%=" in tokens,
        bitwise=any(_operator(node) for node in nodes.get("__bit__", [])),
        swap=_has_swap(tree, nodes),
        compare_indexed=_compares_indexed(nodes),
        generator=bool(YIELD & nodes.keys()) or "yield" in tokens,
        asynchronous="await" in tokens or "async" in tokens or "await_expression" in nodes,
        error_handling=bool(TRY & nodes.keys()),
        declares_class=bool(CLASSES.get(tree.language, frozenset()) & nodes.keys()),
        generic=bool(GENERIC & nodes.keys()),
        closure=_has_capturing_closure(tree, units, nodes),
        regex_literal=bool(REGEX & nodes.keys()) or _regex_call(tree, nodes),
        sql_literal=any(SQL.match(tree.node_text(node)) for t in STRINGS for node in nodes.get(t, ())),
    )


def _collect(tree: SyntaxTree) -> tuple[set[str], dict[str, list[Node]]]:
    """Anonymous token types, and named nodes by type (bit operator tokens under ``__bit__``)."""
    tokens: set[str] = set()
    nodes: dict[str, list[Node]] = {}
    for node in tree.walk():
        if node.is_named:
            nodes.setdefault(node.type, []).append(node)
        else:
            tokens.add(node.type)
            if node.type in BIT_OPERATORS:
                nodes.setdefault("__bit__", []).append(node)
    return tokens, nodes


def _operator(token: Node) -> bool:
    """A bit operator token that is an operator here (not a reference ``&x`` or a closure's ``|x|``)."""
    parent = token.parent
    return parent is not None and bool(_BINARY.search(parent.type)) and not parent.type.startswith("closure")


def recursive_functions(tree: SyntaxTree, units: list[Node] | None = None) -> list[str]:
    """Names of functions defined in the tree that call themselves, directly or through one another."""
    units = functions(tree) if units is None else units
    named = {name: node for node in units if (name := function_name(tree, node))}
    calls = {name: _called_names(tree, node) & named.keys() for name, node in named.items()}
    return [name for name in named if _reaches(calls, name, name)]


def _called_names(tree: SyntaxTree, function: Node) -> set[str]:
    names = set()
    for node in tree.walk(function):
        if node.type in CALLS:
            callee = _callee(node)
            if callee is not None:
                names.add(tree.node_text(callee).rsplit(".", 1)[-1].rsplit("::", 1)[-1].rsplit("->", 1)[-1])
    return names


def _callee(call: Node) -> Node | None:
    for field in ("function", "method", "name", "macro"):
        child = call.child_by_field_name(field)
        if child is not None:
            inner = child.child_by_field_name("property") or child.child_by_field_name("field")
            return inner or child
    return call.named_children[0] if call.named_children else None


def _reaches(calls: dict[str, set[str]], start: str, target: str) -> bool:
    seen, stack = set(), list(calls.get(start, ()))
    while stack:
        name = stack.pop()
        if name == target:
            return True
        if name not in seen:
            seen.add(name)
            stack.extend(calls.get(name, ()))
    return False


def _loop_depth(node: Node, depth: int = 0) -> int:
    here = depth + (node.type in LOOPS)
    return max([here, *(_loop_depth(child, here) for child in node.named_children)])


def _subscripts(node: Node) -> list[str]:
    return [
        child.type
        for child in node.named_children
        if "subscript" in child.type or "index" in child.type or "element_reference" in child.type
    ]


def _compares_indexed(nodes: dict[str, list[Node]]) -> bool:
    for type_ in ("binary_expression", "comparison_operator", "binary"):
        for node in nodes.get(type_, ()):
            operators = {child.type for child in node.children if not child.is_named}
            if operators & COMPARISONS and len(_subscripts(node)) >= 2:
                return True
    return False


def _has_swap(tree: SyntaxTree, nodes: dict[str, list[Node]]) -> bool:
    for call in (node for t in CALLS for node in nodes.get(t, ())):
        callee = _callee(call)
        if callee is not None and tree.node_text(callee).rsplit(".", 1)[-1].rsplit("::", 1)[-1] == "swap":
            return True
    if any(_tuple_swap(tree, node) for t in ("assignment", "assignment_expression") for node in nodes.get(t, ())):
        return True
    blocks = {}
    for node in (node for t in BINDINGS for node in nodes.get(t, ())):
        for _ in range(2):  # the statement holding the binding, then the block holding the statement
            node = node.parent or node
            blocks[node.id] = node
    return any(_temporary_swap(tree, block) for block in blocks.values())


def _tuple_swap(tree: SyntaxTree, assignment: Node) -> bool:
    """``a[i], a[j] = a[j], a[i]`` (or with plain names): the right side is the left side reversed."""
    left, right = assignment.child_by_field_name("left"), assignment.child_by_field_name("right")
    if left is None or right is None or left.named_child_count != 2 or right.named_child_count != 2:
        return False
    lhs = [tree.node_text(n) for n in left.named_children]
    rhs = [tree.node_text(n) for n in right.named_children]
    return lhs[0] != lhs[1] and lhs == rhs[::-1]


def _temporary_swap(tree: SyntaxTree, block: Node) -> bool:
    """``t = x; x = y; y = t`` in three statements in a row."""
    pairs = [_binding(tree, statement) for statement in block.named_children]
    for first, second, third in zip(pairs, pairs[1:], pairs[2:], strict=False):
        if first and second and third and first[1] == second[0] and second[1] == third[0] and third[1] == first[0]:
            return True
    return False


def _binding(tree: SyntaxTree, statement: Node) -> tuple[str, str] | None:
    """(target, value) texts of a statement that assigns or declares one thing."""
    node = statement
    for _ in range(3):
        if node.type in BINDINGS:
            break
        if node.named_child_count == 0:
            return None
        node = node.named_children[-1] if node.type.endswith("declaration") else node.named_children[0]
    if node.type not in BINDINGS:
        return None
    target = next((c for f in ("left", "name", "declarator", "pattern") if (c := node.child_by_field_name(f))), None)
    value = next((c for f in ("right", "value") if (c := node.child_by_field_name(f))), None)
    if target is None or value is None:
        return None
    return tree.node_text(target), tree.node_text(value)


def _has_capturing_closure(tree: SyntaxTree, units: list[Node], nodes: dict[str, list[Node]]) -> bool:
    for lambda_ in (node for t in ANONYMOUS for node in nodes.get(t, ())):
        outer = _enclosing_function(lambda_, units)
        if outer is None:
            continue
        own = _parameter_names(tree, lambda_)
        used = {tree.node_text(n) for n in tree.walk(lambda_) if n.type == "identifier"} - own
        if used & (_parameter_names(tree, outer) | _assigned_names(tree, outer)):
            return True
    return False


def _enclosing_function(node: Node, units: list[Node]) -> Node | None:
    current = node.parent
    while current is not None:
        if current in units:
            return current
        current = current.parent
    return None


def _parameter_names(tree: SyntaxTree, function: Node) -> set[str]:
    parameters = function.child_by_field_name("parameters") or function.child_by_field_name("parameter")
    if parameters is None:
        return set()
    return {tree.node_text(n) for n in tree.walk(parameters) if n.type == "identifier"}


def _assigned_names(tree: SyntaxTree, function: Node) -> set[str]:
    names: set[str] = set()
    for node in tree.walk(function):
        if node.type in {
            "variable_declarator",
            "assignment",
            "short_var_declaration",
            "let_declaration",
            "local_variable_declaration",
            "assignment_expression",
        }:
            target = (
                node.child_by_field_name("name")
                or node.child_by_field_name("left")
                or node.child_by_field_name("pattern")
            )
            if target is not None:
                names.update(tree.node_text(n) for n in tree.walk(target) if n.type == "identifier")
    return names


def _regex_call(tree: SyntaxTree, nodes: dict[str, list[Node]]) -> bool:
    """A string handed to a regular-expression function (``re.compile("...")``, ``new RegExp("...")``)."""
    for call in (node for t in (*CALLS, "new_expression", "object_creation_expression") for node in nodes.get(t, ())):
        callee = call.child_by_field_name("function") or call.child_by_field_name("constructor") or _callee(call)
        if callee is not None and REGEX_CALLS.search(tree.node_text(callee)):
            arguments = call.child_by_field_name("arguments")
            if arguments is not None and any(child.type in STRINGS for child in arguments.named_children):
                return True
    return False
