"""Structural facts about a snippet, read from its syntax tree: what code does that no single word says.

Node types differ between grammars, so facts are recognised by the shapes most grammars share
(``for_statement``/``for_expression``, ``call``/``call_expression``/``method_invocation``, operator
tokens that are their own node types).
"""

from __future__ import annotations

import re
from collections.abc import Callable
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
        "cstyle_for_statement",
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
        "apply",
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
INDEXING = frozenset(
    {
        "subscript",
        "subscript_expression",
        "array_access",
        "index_expression",
        "element_access_expression",
        "element_reference",
        "bracket_index_expression",
    }
)
COMPREHENSIONS = frozenset(
    {"list_comprehension", "set_comprehension", "dictionary_comprehension", "generator_expression"}
)
ELIXIR_DEFINES = frozenset({"def", "defp", "defmacro", "defmacrop"})
OWN_RECEIVERS = frozenset({"", "self", "this", "Self", "static", "$this"})
"""What a call's receiver may be for the call to reach the function it is in: nothing, or the object
itself (``self.walk()``, ``this.walk()``), not another object (``self.inner.close()`` in ``close``)."""
_STEP = r"\$?(?P<step>[A-Za-z_]\w*)"  # a variable, not a number
_ARGUMENT = r"(?:[^,()\n]|\([^()\n]*\))+"
STRIDE_HEADERS = tuple(
    re.compile(pattern)
    for pattern in (
        rf"(?:\+=|-=)\s*{_STEP}\s*\)?\s*$",  # C family, Go, PHP, Perl: j += i
        rf"\brange\({_ARGUMENT},{_ARGUMENT},\s*{_STEP}\s*\)",  # Python: range(a, b, i)
        rf"\b(?:step|by:?)\s+{_STEP}",  # Kotlin: a..b step i; Scala: a to b by i; Swift: stride(..., by: i)
        rf"=[^,\n]+,[^,\n]+,\s*{_STEP}\s*(?:do)?\s*$",  # Lua: for j = a, b, i do
        rf"\bin\s+[^:\n]+:\s*{_STEP}\s*:[^:\n]+$",  # Julia: for j in a:i:b
    )
)
"""A loop header that steps by a variable amount; ``step`` is the variable (Rust's ``step_by(i)`` is
found anywhere, :data:`STRIDE_ANYWHERE`)."""
STRIDE_ANYWHERE = tuple(
    re.compile(pattern)
    for pattern in (
        rf"\.step_by\(\s*{_STEP}\s*\)",  # Rust
        rf"\.step\((?:[^,()\n]+,\s*)?{_STEP}\s*\)",  # Ruby: a.step(b, i)
        rf"\[[^\[\]\n]*::\s*{_STEP}\s*\]",  # Python: x[a::i]
    )
)
"""Stepping by a variable outside a loop header; ``step`` is the variable."""
LOOP_VARIABLE = re.compile(
    r"^\s*for\s*\(?\s*(?:(?:int|long|unsigned|size_t|usize|var|let|const|auto|my|val)\s+)*\$?(?P<name>[A-Za-z_]\w*)"
    r"\s*(?::=|=|\bin\b|<-|:|\()"
)
"""The variable a ``for`` loop counts with: ``for (int i = 2;``, ``for i in``, ``for i := 2;``, ``for my $i (``."""
HALVING = {"/": "2", "//": "2", "~/": "2", "/=": "2", "//=": "2", "~/=": "2", ">>": "1", ">>>": "1", ">>=": "1"}
"""Operator -> the right operand that makes it halve its left one (``(lo + hi) // 2``, ``n >>= 1``)."""


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
    calls_itself: bool = False
    """As ``self_call``, but only through calls by the bare name or on the object itself (``walk()``,
    ``self.walk()``), not on another object: a ``close`` that calls ``self.file.close()`` delegates."""
    self_call_in_loop: bool = False
    """A function defined here calls itself (as in ``calls_itself``) inside a loop or comprehension
    (backtracking, graph walks)."""
    nested_index: bool = False
    """An element of an element (``grid[i][j]``, ``dp[i - 1][j]``): tables, matrices, grids."""
    halving: bool = False
    """A value divided by two or shifted right by one (``(lo + hi) // 2``, ``n >>= 1``)."""
    stride: bool = False
    """A loop that steps by a variable (``for (j = i * i; j <= n; j += i)``, ``range(i * i, n, i)``,
    ``flags[i * i::i]``): marking multiples, as a sieve does; strided walks over rows and blocks."""
    multiples: bool = False
    """A loop inside a loop that steps by the outer loop's variable: the multiples of each number
    (a sieve of primes, sums of divisors)."""

    def feature_strings(self) -> list[str]:
        """``s:<fact>`` for every fact that holds (``s:loop-depth-2`` for the nesting)."""
        out = [f"s:{f.name.replace('_', '-')}" for f in fields(self) if f.type == "bool" and getattr(self, f.name)]
        if self.loop_depth >= 2:
            out.append("s:nested-loop")
        return out


def facts(tree: SyntaxTree) -> Facts:
    """The structural facts of a parsed snippet."""
    tokens, nodes = _collect(tree)
    headers = {loop: _loop_header(tree, loop) for t in LOOPS for loop in nodes.get(t, ())}
    units = functions(tree)
    calls = _calls_by_function(tree, units)
    own = _recursive(calls, lambda call: _own_call(tree, call))
    return Facts(
        self_call=bool(_recursive(calls, lambda call: _called_name(tree, call))),
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
        calls_itself=bool(own),
        self_call_in_loop=_calls_in_loop(tree, nodes, set(own)),
        nested_index=any(_indexes_an_element(node) for t in INDEXING for node in nodes.get(t, ())),
        halving=any(_halves(tree, node) for t, found in nodes.items() if _BINARY.search(t) for node in found),
        stride=_strides(tree, headers),
        multiples=_marks_multiples(tree, headers),
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
    return _recursive(_calls_by_function(tree, units), lambda call: _called_name(tree, call))


def _calls_by_function(tree: SyntaxTree, units: list[Node] | None) -> dict[str, list[Node]]:
    """The call nodes in the body of each named function of ``units`` (default: every function in the
    tree, and Elixir's ``def`` clauses); the clauses of a function defined by equations (Haskell,
    Elixir) count together."""
    units = functions(tree) if units is None else units
    named = [(name, node, _head(node)) for node in units if (name := function_name(tree, node))]
    if tree.language == "elixir":
        named += _elixir_clauses(tree)
    calls: dict[str, list[Node]] = {}
    for name, function, head in named:
        calls.setdefault(name, []).extend(
            node for node in tree.walk(function) if node.type in CALLS and not _within(node, head)
        )
    return calls


def _head(function: Node) -> Node | None:
    """The part of a function that declares its name and parameters where it is written as a call
    (Julia's ``function f(x)``): a call to the function there is not a call from it."""
    return next((child for child in function.named_children if child.type == "signature"), None)


def _within(node: Node, outer: Node | None) -> bool:
    return outer is not None and outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte


def _elixir_clauses(tree: SyntaxTree) -> list[tuple[str, Node, Node]]:
    """Each ``def``/``defp`` clause of an Elixir snippet: its name, the clause and its head (``f(n) when n > 0``)."""
    out = []
    for node in tree.walk():
        if node.type != "call" or not node.named_children:
            continue
        keyword, arguments = node.named_children[0], node.child_by_field_name("arguments")
        if arguments is None:
            arguments = next((child for child in node.named_children if child.type == "arguments"), None)
        if tree.node_text(keyword) not in ELIXIR_DEFINES or arguments is None or not arguments.named_children:
            continue
        head = arguments.named_children[0]
        signature = head.named_children[0] if head.type == "binary_operator" and head.named_children else head
        if signature.type == "call" and signature.named_children:
            out.append((tree.node_text(signature.named_children[0]), node, head))
    return out


def _recursive(calls: dict[str, list[Node]], callee_name: Callable[[Node], str | None]) -> list[str]:
    """The functions of ``calls`` that reach themselves, a call reaching the function ``callee_name`` gives."""
    called = {
        name: {callee for call in found if (callee := callee_name(call))} & calls.keys()
        for name, found in calls.items()
    }
    return [name for name in calls if _reaches(called, name, name)]


def _called_name(tree: SyntaxTree, call: Node) -> str | None:
    callee = _callee(call)
    if callee is None:
        return None
    return tree.node_text(callee).rsplit(".", 1)[-1].rsplit("::", 1)[-1].rsplit("->", 1)[-1]


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


def _strides(tree: SyntaxTree, headers: dict[Node, str]) -> bool:
    """Whether a loop steps by a variable (``headers``: each loop's header)."""
    return any(stepped_by(header, STRIDE_HEADERS) for header in headers.values()) or bool(
        stepped_by(tree.node_text(tree.root), STRIDE_ANYWHERE)
    )


def stepped_by(text: str, patterns: tuple[re.Pattern[str], ...]) -> set[str]:
    """The variables ``text`` steps by, as ``patterns`` (each with a ``step`` group) find them."""
    return {match.group("step") for pattern in patterns for match in pattern.finditer(text)}


def _marks_multiples(tree: SyntaxTree, headers: dict[Node, str]) -> bool:
    """Whether a loop inside a loop steps by the outer loop's variable (``for i ...: for j in range(i * i,
    n, i)``, ``flags[i * i :: i]`` inside ``for i``): the multiples of each number, as a sieve of
    primes or a sum of divisors walks them. ``headers``: each loop's header."""
    for outer, header in headers.items():
        counted = LOOP_VARIABLE.match(header)
        if counted is None:
            continue
        inner = (text for loop, text in headers.items() if loop != outer and _within(loop, outer))
        steps = set().union(*(stepped_by(text, STRIDE_HEADERS) for text in inner))
        body = tree.node_text(outer)[len(header) :]
        if counted.group("name") in steps | stepped_by(body, STRIDE_ANYWHERE):
            return True
    return False


def _loop_header(tree: SyntaxTree, loop: Node) -> str:
    """A loop's text up to its body: up to the body node, else to the first ``{`` or line end."""
    body = loop.child_by_field_name("body")
    if body is not None and body.start_byte > loop.start_byte:
        text = tree.data[loop.start_byte : body.start_byte].decode("utf-8", errors="replace")
    else:
        text = tree.node_text(loop)
    return text.split("\n", 1)[0].split("{", 1)[0]


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


def own_recursive_functions(tree: SyntaxTree, units: list[Node] | None = None) -> list[str]:
    """Names of functions defined in the tree that call themselves, directly or through one another, by
    their bare name or on the object itself (see ``OWN_RECEIVERS``)."""
    return _recursive(_calls_by_function(tree, units), lambda call: _own_call(tree, call))


def _own_call(tree: SyntaxTree, call: Node) -> str | None:
    """The name a call calls when it calls it by its bare name or on the object itself, else None."""
    named = _field(call, ("name", "method"))
    receiver = _field(call, ("object", "receiver", "scope"))
    if named is not None and call.child_by_field_name("function") is None:
        owner, name = (tree.node_text(receiver) if receiver is not None else ""), tree.node_text(named)
    else:
        callee = _field(call, ("function",)) or named or next(iter(call.named_children), None)
        if callee is None:
            return None
        owner, _, name = _split_member(tree.node_text(callee))
    return name if owner in OWN_RECEIVERS and name.rstrip("!?").isidentifier() else None


def _field(node: Node, names: tuple[str, ...]) -> Node | None:
    return next((child for name in names if (child := node.child_by_field_name(name)) is not None), None)


def _split_member(text: str) -> tuple[str, str, str]:
    """``self.walk`` -> (``self``, ``.``, ``walk``); ``walk`` -> ("", "", ``walk``)."""
    cut = max(text.rfind("."), text.rfind("::") + 1, text.rfind("->") + 1, text.rfind(":"))
    if cut <= 0:
        return "", "", text
    owner = text[:cut].removesuffix("-").removesuffix(":")
    return owner, text[len(owner) : cut + 1], text[cut + 1 :]


def _calls_in_loop(tree: SyntaxTree, nodes: dict[str, list[Node]], names: set[str]) -> bool:
    """Whether one of ``names`` is called (by its bare name or on the object itself) inside a loop or a
    comprehension."""
    if not names:
        return False
    calls = (node for t in CALLS for node in nodes.get(t, ()))
    return any(_own_call(tree, call) in names and _inside_loop(call) for call in calls)


def _inside_loop(node: Node) -> bool:
    current = node.parent
    while current is not None:
        if current.type in LOOPS or current.type in COMPREHENSIONS:
            return True
        current = current.parent
    return False


def _indexes_an_element(node: Node) -> bool:
    return node.named_child_count > 0 and node.named_children[0].type == node.type


def _halves(tree: SyntaxTree, node: Node) -> bool:
    """``x / 2``, ``x // 2``, ``x >> 1`` and their compound assignments."""
    operators = [child.type for child in node.children if not child.is_named]
    if len(operators) != 1 or operators[0] not in HALVING or node.named_child_count != 2:
        return False
    return tree.node_text(node.named_children[-1]).strip() == HALVING[operators[0]]
