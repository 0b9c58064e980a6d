"""The unit of code around a position: the innermost function or method, else the class, else the
top-level statements around it.

Node types are per grammar; a function bound to a name (``const f = () => {}``, a decorated ``def``,
``export function``, a C++ template) is taken with what binds it.
"""

from __future__ import annotations

from dataclasses import dataclass

from tree_sitter import Node

from lsp_server.engine.syntax.tree import SyntaxTree

_C_LIKE_FUNCTIONS = frozenset({"function_definition"})
_JS_FUNCTIONS = frozenset(
    {
        "function_declaration",
        "function_expression",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
        "generator_function",
    }
)
_JS_CLASSES = frozenset(
    {
        "class_declaration",
        "class",
        "abstract_class_declaration",
        "interface_declaration",
        "enum_declaration",
        "internal_module",
        "module",
    }
)
_JAVA_FUNCTIONS = frozenset(
    {"method_declaration", "constructor_declaration", "compact_constructor_declaration", "lambda_expression"}
)
_JAVA_CLASSES = frozenset(
    {
        "class_declaration",
        "interface_declaration",
        "enum_declaration",
        "record_declaration",
        "annotation_type_declaration",
    }
)

FUNCTIONS: dict[str, frozenset[str]] = {
    "python": frozenset({"function_definition"}),
    "javascript": _JS_FUNCTIONS,
    "typescript": _JS_FUNCTIONS,
    "java": _JAVA_FUNCTIONS,
    "groovy": _JAVA_FUNCTIONS | {"function_definition", "closure"},
    "go": frozenset({"function_declaration", "method_declaration", "func_literal"}),
    "rust": frozenset({"function_item", "closure_expression"}),
    "c": _C_LIKE_FUNCTIONS,
    "cpp": _C_LIKE_FUNCTIONS | {"lambda_expression"},
    "objective-c": _C_LIKE_FUNCTIONS | {"method_definition"},
    "csharp": frozenset(
        {
            "method_declaration",
            "constructor_declaration",
            "destructor_declaration",
            "operator_declaration",
            "local_function_statement",
            "lambda_expression",
            "anonymous_method_expression",
        }
    ),
    "ruby": frozenset({"method", "singleton_method", "lambda"}),
    "php": frozenset({"function_definition", "method_declaration", "anonymous_function", "arrow_function"}),
    "shellscript": frozenset({"function_definition"}),
    "kotlin": frozenset({"function_declaration", "secondary_constructor", "anonymous_function", "lambda_literal"}),
    "swift": frozenset({"function_declaration", "init_declaration", "deinit_declaration", "lambda_literal"}),
    "scala": frozenset({"function_definition", "lambda_expression"}),
    "lua": frozenset({"function_declaration", "function_definition"}),
    "haskell": frozenset({"function"}),
    "dart": frozenset({"function_body", "function_expression", "lambda_expression", "local_function_declaration"}),
    "julia": frozenset({"function_definition", "short_function_definition", "arrow_function_expression"}),
    "perl": frozenset(
        {"subroutine_declaration_statement", "method_declaration_statement", "anonymous_subroutine_expression"}
    ),
    "zig": frozenset({"function_declaration"}),
    "powershell": frozenset({"function_statement", "class_method_definition"}),
}
CLASSES: dict[str, frozenset[str]] = {
    "python": frozenset({"class_definition"}),
    "javascript": _JS_CLASSES,
    "typescript": _JS_CLASSES,
    "java": _JAVA_CLASSES,
    "groovy": _JAVA_CLASSES,
    "go": frozenset({"type_declaration"}),
    "rust": frozenset({"impl_item", "struct_item", "enum_item", "trait_item", "mod_item"}),
    "c": frozenset({"struct_specifier"}),
    "cpp": frozenset({"class_specifier", "struct_specifier"}),
    "objective-c": frozenset({"class_implementation", "class_interface"}),
    "csharp": frozenset(
        {"class_declaration", "interface_declaration", "struct_declaration", "record_declaration", "enum_declaration"}
    ),
    "ruby": frozenset({"class", "module", "singleton_class"}),
    "php": frozenset({"class_declaration", "interface_declaration", "trait_declaration", "enum_declaration"}),
    "kotlin": frozenset({"class_declaration", "object_declaration"}),
    "swift": frozenset({"class_declaration", "protocol_declaration"}),
    "scala": frozenset({"class_definition", "object_definition", "trait_definition"}),
    "dart": frozenset({"class_definition", "enum_declaration"}),
    "julia": frozenset({"struct_definition", "module_definition"}),
    "zig": frozenset(),
    "powershell": frozenset({"class_statement"}),
}
ANONYMOUS = frozenset(
    {
        "arrow_function",
        "function_expression",
        "generator_function",
        "lambda_expression",
        "closure_expression",
        "func_literal",
        "lambda_literal",
        "lambda",
        "anonymous_function",
        "anonymous_method_expression",
        "closure",
        "anonymous_subroutine_expression",
        "arrow_function_expression",
    }
)
"""Functions without a name of their own: a one-line one is part of its surroundings, not a unit."""
BINDERS = frozenset(
    {
        "decorated_definition",
        "export_statement",
        "template_declaration",
        "variable_declarator",
        "lexical_declaration",
        "variable_declaration",
        "assignment_expression",
        "short_var_declaration",
        "let_declaration",
        "local_variable_declaration",
        "property_declaration",
        "field_declaration",
        "public_field_definition",
        "field_definition",
        "assignment",
        "local_declaration_statement",
    }
)
"""Parents that give a function its name or decorations: the unit is taken with them."""
_BINDER_STATEMENTS = frozenset({"expression_statement"})
"""A statement that is nothing but a binding (``module.exports.f = function () {}``)."""
BINDER_DEPTH = 4
"""How far below a binder its function may lie (``export const f = () => ...``: three levels)."""
SIBLING_ATTRIBUTES = frozenset({"attribute_item", "annotation", "signature"})
"""Rust's ``#[test]``, annotations and Haskell's type signature precede the item as siblings."""
SIGNATURES = frozenset(
    {
        "function_signature",
        "method_signature",
        "getter_signature",
        "setter_signature",
        "constructor_signature",
        "factory_constructor_signature",
    }
)
"""Dart writes a function as two siblings: its signature, then its ``function_body``."""
NAMED_ONLY = frozenset({"function"})
"""Types that also name non-functions (Haskell's function *types*): a unit only with a name."""


@dataclass(frozen=True)
class Unit:
    """A span of the document, in characters, and what it is: ``function``, ``class`` or ``statements``."""

    start: int
    end: int
    kind: str
    node: Node | None = None
    """The function or class node (not its binders); None for a run of statements."""


def enclosing_unit(tree: SyntaxTree, start: int, end: int | None = None) -> Unit | None:
    """The unit around [start, end] (characters): the innermost function, else the innermost class,
    else the top-level statements around it; None on a blank line between statements or in a comment."""
    end = start if end is None else end
    node = _smallest_node(tree, start, end)
    for kind, table in (("function", FUNCTIONS), ("class", CLASSES)):
        found = _innermost(node, table.get(tree.language, frozenset()))
        if found is not None:
            return unit_of(tree, found, kind)
    return top_level_statements(tree, start, end)


def functions(tree: SyntaxTree) -> list[Node]:
    """Every function node of the tree that counts as a unit, in document order."""
    types = FUNCTIONS.get(tree.language, frozenset())
    return [node for node in tree.walk() if node.type in types and _is_unit(node)]


def function_name(tree: SyntaxTree, node: Node) -> str | None:
    """The name a function is declared or bound with, if it has one."""
    named = _declared_name(node) or _binder_name(node)
    return tree.node_text(named) if named is not None else None


def _declared_name(node: Node) -> Node | None:
    if node.type == "function_body":
        signature = _signature(node)
        inner = (
            signature.named_children[0] if signature is not None and signature.type == "method_signature" else signature
        )
        return inner.child_by_field_name("name") if inner is not None and inner.named_children else None
    named = node.child_by_field_name("name") or _signature_name(node)
    declarator = node.child_by_field_name("declarator")
    while named is None and declarator is not None:  # C family: int *f(int x) -> the innermost declarator
        if declarator.type in {"identifier", "field_identifier", "qualified_identifier", "destructor_name"}:
            return declarator
        declarator = declarator.child_by_field_name("declarator")
    return named


def _signature_name(node: Node) -> Node | None:
    """Julia's ``function f(x)::T where T``: the name inside the call its signature is written as."""
    inner = next((child for child in node.named_children if child.type == "signature"), None)
    while inner is not None and inner.type in {"signature", "typed_expression", "where_expression"}:
        inner = inner.named_children[0] if inner.named_children else None
    if inner is None or inner.type != "call_expression" or not inner.named_children:
        return None
    return inner.named_children[0]


def _binder_name(node: Node) -> Node | None:
    parent = node.parent
    if parent is not None and parent.type in {"variable_declarator", "let_declaration", "short_var_declaration"}:
        return (
            parent.child_by_field_name("name")
            or parent.child_by_field_name("pattern")
            or parent.child_by_field_name("left")
        )
    if parent is not None and parent.type in {"assignment_expression", "assignment", "pair"}:
        target = parent.child_by_field_name("left") or parent.child_by_field_name("key")
        if target is not None and target.type == "member_expression":
            return target.child_by_field_name("property")
        return target
    return None


def _smallest_node(tree: SyntaxTree, start: int, end: int) -> Node:
    """The smallest node holding the characters [start, end], at least the one under the cursor."""
    first = tree.byte_offset(start)
    last = max(tree.byte_offset(end), min(first + 1, len(tree.data)))
    node = tree.root.descendant_for_byte_range(first, last)
    return node if node is not None else tree.root


def _innermost(node: Node | None, types: frozenset[str]) -> Node | None:
    """The innermost unit of ``types`` that ``node`` is part of, binders and leading attributes included."""
    while node is not None:
        found = _unit_at(node, types)
        if found is not None:
            return found
        node = node.parent
    return None


def _unit_at(node: Node, types: frozenset[str]) -> Node | None:
    if node.type in types and _is_unit(node):
        return node
    if node.type in SIBLING_ATTRIBUTES:
        following = node.next_named_sibling
        while following is not None and following.type in SIBLING_ATTRIBUTES:
            following = following.next_named_sibling
        return following if following is not None and following.type in types else None
    if node.type in BINDERS or _binding_statement(node):
        return next((d for d in descendants(node, BINDER_DEPTH) if d.type in types and _binds(node, d)), None)
    return None


def descendants(node: Node, depth: int) -> list[Node]:
    """The named nodes below ``node``, level by level, down to ``depth`` levels."""
    level, out = [node], []
    for _ in range(depth):
        level = [child for parent in level for child in parent.named_children]
        out.extend(level)
    return out


def _binds(binder: Node, unit: Node) -> bool:
    """``binder`` is one of the nodes that bind ``unit`` (between it and its outermost binder)."""
    top = outer_span(unit)[1]
    node: Node | None = unit
    while node is not None and node != top:
        node = node.parent
        if node == binder:
            return True
    return False


def _is_unit(node: Node) -> bool:
    """Whether a function node stands on its own: named, or spanning several lines."""
    if node.type == "function_body":
        return _signature(node) is not None
    if node.type in NAMED_ONLY:
        return node.child_by_field_name("name") is not None
    return node.type not in ANONYMOUS or node.start_point[0] != node.end_point[0] or _bound(node)


def _signature(body: Node) -> Node | None:
    before = body.prev_named_sibling
    return before if before is not None and before.type in SIGNATURES else None


def _bound(node: Node) -> bool:
    return node.parent is not None and node.parent.type in BINDERS


def outer_span(node: Node) -> tuple[Node, Node]:
    """The first and last node of a function or class with its binders and leading attributes."""
    top = node
    while top.parent is not None and (top.parent.type in BINDERS or _binding_statement(top.parent)):
        top = top.parent
    first = _signature(top) or top if top.type == "function_body" else top
    while first.prev_named_sibling is not None and first.prev_named_sibling.type in SIBLING_ATTRIBUTES:
        first = first.prev_named_sibling
    return first, top


def _binding_statement(node: Node) -> bool:
    return node.type in _BINDER_STATEMENTS and node.named_child_count == 1


def unit_of(tree: SyntaxTree, node: Node, kind: str) -> Unit:
    """The unit of a function or class node: from its first attribute or binder to its end."""
    first, last = outer_span(node)
    return Unit(tree.char_offset(first.start_byte), tree.char_offset(last.end_byte), kind, node)


def top_level_statements(tree: SyntaxTree, start: int, end: int) -> Unit | None:
    """The top-level statements around [start, end] with no blank line between them; comments are not
    statements (None there, as on a blank line)."""
    children = [child for child in tree.root.named_children if "comment" not in child.type]
    first, last = tree.byte_offset(start), tree.byte_offset(end)
    inside = [i for i, child in enumerate(children) if child.start_byte <= last and child.end_byte >= first]
    if not inside:
        return None
    low, high = inside[0], inside[-1]
    while low > 0 and _adjacent(children[low - 1], children[low]):
        low -= 1
    while high + 1 < len(children) and _adjacent(children[high], children[high + 1]):
        high += 1
    return Unit(tree.char_offset(children[low].start_byte), tree.char_offset(children[high].end_byte), "statements")


def _adjacent(above: Node, below: Node) -> bool:
    """No blank line between two statements."""
    return below.start_point[0] - last_row(above) <= 1


def last_row(node: Node) -> int:
    """The last line a node covers; some grammars end a line comment at column 0 of the next line."""
    row, column = node.end_point
    return row - 1 if column == 0 and row > node.start_point[0] else row
