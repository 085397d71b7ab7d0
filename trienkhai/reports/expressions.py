"""A tiny, safe evaluator for the cross-field rules of report forms (`Rule.expression`), such as
`new_members <= total_members`.

Grammar (no `eval`, no attribute access, no calls):
    expr   := andx ("or" andx)*
    andx   := notx ("and" notx)*
    notx   := "not" notx | cmp
    cmp    := sum (("<=" | "<" | ">=" | ">" | "==" | "!=") sum)?
    sum    := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*
    unary  := "-" unary | atom
    atom   := NUMBER | NAME | "(" expr ")"
A rule whose indicators are not all filled in is not judged (the "required" check speaks for them).
"""

from __future__ import annotations

import re
from decimal import Decimal, DivisionByZero, InvalidOperation

TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_-]*)|(<=|>=|==|!=|[<>+\-*/()]))")
KEYWORDS = {"and", "or", "not"}


class RuleError(ValueError):
    pass


class _Missing(Exception):
    pass


def tokenize(text: str) -> list[tuple[str, str]]:
    tokens, pos, text = [], 0, text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise RuleError(f"Không hiểu ký tự ở vị trí {pos + 1}: «{text[pos : pos + 10]}»")
        number, name, op = m.groups()
        if number is not None:
            tokens.append(("num", number))
        elif name is not None:
            tokens.append(("kw" if name in KEYWORDS else "name", name))
        else:
            tokens.append(("op", op))
        pos = m.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
    return tokens


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]]):
        self.tokens, self.i = tokens, 0

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        tok = self.peek()
        if tok is None or (value is not None and tok[1] != value):
            raise RuleError(f"Biểu thức chưa đúng: cần «{value or '...'}»")
        self.i += 1
        return tok

    def parse(self):
        node = self.expr()
        extra = self.peek()
        if extra is not None:
            raise RuleError(f"Biểu thức thừa «{extra[1]}»")
        return node

    def expr(self):
        node = self.andx()
        while self.peek() == ("kw", "or"):
            self.take()
            node = ("or", node, self.andx())
        return node

    def andx(self):
        node = self.notx()
        while self.peek() == ("kw", "and"):
            self.take()
            node = ("and", node, self.notx())
        return node

    def notx(self):
        if self.peek() == ("kw", "not"):
            self.take()
            return ("not", self.notx())
        return self.cmp()

    def cmp(self):
        node = self.sum()
        tok = self.peek()
        if tok and tok[0] == "op" and tok[1] in ("<=", "<", ">=", ">", "==", "!="):
            self.take()
            node = (tok[1], node, self.sum())
        return node

    def sum(self):
        node = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            node = (op, node, self.term())
        return node

    def term(self):
        node = self.unary()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            node = (op, node, self.unary())
        return node

    def unary(self):
        if self.peek() == ("op", "-"):
            self.take()
            return ("neg", self.unary())
        return self.atom()

    def atom(self):
        tok = self.peek()
        if tok is None:
            raise RuleError("Biểu thức chưa đủ")
        if tok == ("op", "("):
            self.take()
            node = self.expr()
            self.take(")")
            return node
        if tok[0] == "num":
            self.take()
            return ("num", Decimal(tok[1]))
        if tok[0] == "name":
            self.take()
            return ("name", tok[1])
        raise RuleError(f"Không mong đợi «{tok[1]}»")


def parse(text: str):
    """Parse a rule into a small tree; RuleError with a Vietnamese message when it is not well formed."""
    return _Parser(tokenize(text)).parse()


def names(text: str) -> set[str]:
    """The indicator codes a rule refers to."""
    return {value for kind, value in tokenize(text) if kind == "name"}


_CMP = {
    "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b,
    ">=": lambda a, b: a >= b,
    ">": lambda a, b: a > b,
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
}


def _eval(node, values: dict[str, Decimal | None]):
    op = node[0]
    if op == "num":
        return node[1]
    if op == "name":
        value = values.get(node[1])
        if value is None:
            raise _Missing(node[1])
        return value
    if op == "neg":
        return -_eval(node[1], values)
    if op == "not":
        return not _eval(node[1], values)
    if op == "and":
        return bool(_eval(node[1], values)) and bool(_eval(node[2], values))
    if op == "or":
        return bool(_eval(node[1], values)) or bool(_eval(node[2], values))
    a, b = _eval(node[1], values), _eval(node[2], values)
    if op in _CMP:
        return _CMP[op](a, b)
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "*":
        return a * b
    if op == "/":
        return a / b
    raise RuleError(op)


def holds(text: str, values: dict[str, Decimal | None]) -> bool | None:
    """True/False when the rule can be judged; None when a value it needs is missing."""
    return holds_tree(parse(text), values)


def holds_tree(tree, values: dict[str, Decimal | None]) -> bool | None:
    """`holds` for a rule parsed once (`parse`), when it is judged on many rows."""
    try:
        return bool(_eval(tree, values))
    except _Missing:
        return None
    except (DivisionByZero, InvalidOperation, ZeroDivisionError):
        return None
