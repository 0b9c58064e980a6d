import json

import pytest

from lsp_server.engine import UNKNOWN, Engine, ModelCorruptError, ModelMissingError
from lsp_server.engine.engine import MAX_TEXT_CHARS, EngineSettings
from lsp_server.engine.runtime import RuntimeOptions, available_providers


def test_missing_model_file_is_reported_with_its_path_and_a_remedy(models_copy):
    (models_copy / "langid" / "langid.onnx").unlink()
    engine = Engine.load(models_copy)
    [problem] = engine.problems()
    assert "langid.onnx" in problem and "Reinstall" in problem
    with pytest.raises(ModelMissingError):
        engine.registry.get("langid")


def test_corrupt_model_is_refused_before_onnx_runtime_sees_it(models_copy):
    model = models_copy / "langid" / "langid.onnx"
    model.write_bytes(model.read_bytes()[:-10] + b"0123456789")
    engine = Engine.load(models_copy)
    with pytest.raises(ModelCorruptError, match="sha256"):
        engine.registry.get("langid")


def test_engine_without_model_still_answers_from_signals(models_copy):
    (models_copy / "langid" / "langid.onnx").unlink()
    engine = Engine.load(models_copy)
    assert engine.analyze("#!/bin/sh\necho hi").language.language == "shellscript"
    result = engine.analyze("x = [i for i in range(3)]")
    assert result.language.language == UNKNOWN
    assert any("langid.onnx" in w for w in result.warnings)


def test_missing_manifest_is_a_problem_not_a_crash(tmp_path):
    engine = Engine.load(tmp_path)
    assert "manifest" in engine.problems()[0]
    assert engine.analyze("fn main() {}").language.language == UNKNOWN


def test_malformed_manifest_names_the_missing_field(tmp_path):
    (tmp_path / "manifest.json").write_text(json.dumps({"models": [{"name": "langid"}]}))
    assert "lacks" in Engine.load(tmp_path).problems()[0]


def test_binary_text_is_unknown(engine):
    result = engine.analyze("ELF\x00\x01\x02\x03garbage")
    assert (result.language.language, result.language.source) == (UNKNOWN, "binary")


def test_huge_text_is_truncated_with_a_warning(engine):
    result = engine.analyze("def double(x):\n    return x * 2\n\n" * (MAX_TEXT_CHARS // 30))
    assert result.language.language == "python"
    assert any("truncated" in w for w in result.warnings)


def test_empty_text_is_unknown(engine):
    assert engine.analyze("   \n\n").language.source == "empty"


def test_path_decides_when_the_snippet_is_the_whole_file(engine):
    guess = engine.analyze("x", path="lib/thing.rs").language
    assert (guess.language, guess.source) == ("rust", "filename")


def test_ambiguous_extension_lets_the_model_choose_among_its_languages(engine):
    code = "#import <Foundation/Foundation.h>\n@interface Foo : NSObject\n- (void)bar;\n@end\n"
    guess = engine.analyze(code, path="Foo.h").language
    assert guess.language == "objective-c"
    assert all(lang in ("c", "cpp") for lang, _ in guess.alternatives)


def test_untrusted_hint_is_ignored_and_trusted_hint_wins(engine):
    code = "def f(x):\n    return x * 2\n"
    assert engine.analyze(code, language_hint="fundamental").language.source == "model"
    assert engine.analyze(code, language_hint="c++").language.language == "cpp"


def test_threshold_turns_low_confidence_into_unknown(engine):
    strict = Engine(engine.registry, EngineSettings(unknown_threshold=1.01))
    guess = strict.analyze("x = 1").language
    assert guess.language == UNKNOWN
    assert guess.alternatives[0][1] == guess.confidence


def test_reconfiguring_threads_keeps_the_model_working(models_copy):
    engine = Engine.load(models_copy)
    engine.configure(EngineSettings(runtime=RuntimeOptions(intra_op_threads=2)))
    assert engine.analyze("package main\n\nfunc main() {\n\tfmt.Println(1)\n}\n").language.language == "go"


def test_unavailable_execution_providers_fall_back_to_cpu():
    assert available_providers(("NoSuchExecutionProvider",)) == ["CPUExecutionProvider"]


FIBONACCI_DOCUMENTED = '''def fibonacci(n):
    """Return the n-th Fibonacci number.

    Uses two running values.
    """
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a
'''


def test_a_documented_function_is_described_by_its_documentation(engine):
    result = engine.analyze(FIBONACCI_DOCUMENTED)
    assert (result.description, result.description_source) == ("Return the n-th Fibonacci number.", "documentation")


def test_documentation_given_from_outside_the_text_comes_first(engine):
    code = "func Add(a, b int) int {\n\treturn a + b\n}\n"
    result = engine.analyze(code, documentation="Add adds two numbers.\nIt is simple.")
    assert (result.description, result.description_source) == ("Add adds two numbers.", "documentation")


def test_undocumented_code_is_described_by_the_model(engine):
    undocumented = "\n".join(line for line in FIBONACCI_DOCUMENTED.split("\n") if not line.startswith("    ") or "=" in
                             line or "return" in line or "for" in line)
    result = Engine.load(settings=EngineSettings(min_description_confidence=0.0)).analyze(undocumented)
    assert result.description_source == "model" and result.description
    assert 0 < result.description_confidence < 1


def test_a_description_below_the_minimum_confidence_is_withheld_with_its_confidence(engine):
    code = "func Max(a, b int) int {\n\tif a > b {\n\t\treturn a\n\t}\n\treturn b\n}\n"
    always = Engine.load(settings=EngineSettings(min_description_confidence=0.0)).analyze(code)
    never = Engine.load(settings=EngineSettings(min_description_confidence=1.0)).analyze(code)
    assert always.description and always.description_confidence is not None
    assert never.description is None and never.description_source == "model"
    assert never.description_confidence == always.description_confidence
    assert never.to_json()["description"] is None and never.to_json()["description_confidence"] is not None
