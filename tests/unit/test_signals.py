import pytest

from lsp_server.engine.langid import signals
from lsp_server.engine.langid.names import languages_for_path, normalize


@pytest.mark.parametrize(("line", "expected"), [
    ("#!/usr/bin/env python3", "python"),
    ("#!/usr/bin/python3.11", "python"),
    ("#!/bin/bash", "shellscript"),
    ("#!/bin/sh -e", "shellscript"),
    ("#!/usr/bin/env -S node --harmony", "javascript"),
    ("#!/usr/bin/perl -w", "perl"),
    ("#!/usr/bin/env ruby", "ruby"),
    ("#!/usr/bin/env Rscript", "r"),
    ("#!/usr/bin/env pwsh", "powershell"),
    ("#!/usr/bin/env escript", "erlang"),
    ("#!/usr/bin/env tclsh", None),
    ("# not a shebang", None),
], ids=lambda v: str(v))
def test_shebang(line, expected):
    assert signals.language_from_shebang(line + "\nrest") == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("x = 1\n# vim: set ft=python :", "python"),
    ("/* vim: filetype=cpp */\nint x;", "cpp"),
    (";; -*- mode: lisp -*-\n(defun f ())", "lisp"),
    ("# -*- coding: utf-8 -*-\nx = 1", None),
    ("-*- mode: emacs-lisp; lexical-binding: t -*-", "lisp"),
    ("plain text", None),
], ids=["vim-set", "vim-filetype", "emacs-mode", "emacs-coding-only", "emacs-lisp", "none"])
def test_modeline(text, expected):
    assert signals.language_from_modeline(text) == expected


def test_fence_with_info_string():
    fence = signals.split_fence("```rust\nfn main() {}\n```")
    assert fence == signals.Fence(info="rust", body="fn main() {}")


def test_fence_with_attributes_keeps_the_language_only():
    assert signals.split_fence("~~~ python {.numberLines}\nx\n~~~").info == "python"


def test_text_without_fence():
    assert signals.split_fence("x = 1\n```") is None


@pytest.mark.parametrize(("name", "expected"), [
    ("js", "javascript"), ("c++", "cpp"), ("C#", "csharp"), ("typescriptreact", "typescript"),
    ("fundamental", None), ("", None), ("plaintext", None), ("objc", "objective-c"), ("sh", "shellscript"),
    ("klingon", None), (None, None),
], ids=lambda v: repr(v))
def test_normalize_client_language_ids(name, expected):
    assert normalize(name) == expected


@pytest.mark.parametrize(("path", "expected"), [
    ("src/main.rs", ("rust",)), ("Dockerfile", ("dockerfile",)), ("Dockerfile.dev", ("dockerfile",)),
    ("GNUmakefile", ("makefile",)), ("a/b/c.h", ("c", "cpp", "objective-c")), ("x.m", ("matlab", "objective-c")),
    ("script.pl", ("perl", "prolog")), ("notes.unknownext", ()), ("README.md", ("markdown",)),
], ids=lambda v: str(v))
def test_languages_for_path(path, expected):
    assert languages_for_path(path) == expected
