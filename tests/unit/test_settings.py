import pytest

from lsp_server.engine import EngineSettings, RuntimeOptions
from lsp_server.server.settings import Settings, engine_settings, parse_settings, section_of, to_wire, wire_name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param({"enableHover": False}, Settings(enable_hover=False), id="bool"),
        pytest.param({"enableTags": False}, Settings(enable_tags=False), id="tags-off"),
        pytest.param({"unknownThreshold": 1}, Settings(unknown_threshold=1.0), id="int-threshold-is-a-float"),
        pytest.param({"threads": 4, "maxSnippetLines": 10}, Settings(threads=4, max_snippet_lines=10), id="ints"),
        pytest.param({"diagnosticSeverity": "hint"}, Settings(diagnostic_severity="hint"), id="severity"),
        pytest.param({"threads": None}, Settings(threads=None), id="threads-unset"),
        pytest.param({}, Settings(), id="empty"),
        pytest.param(None, Settings(), id="none"),
    ],
)
def test_valid_settings_apply(raw, expected):
    assert parse_settings(raw) == (expected, [])


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        pytest.param(
            {"enableHover": "yes"}, "snippetLens.enableHover must be true or false, got 'yes'", id="string-bool"
        ),
        pytest.param({"unknownThreshold": 1.5}, "must be a number from 0 to 1", id="threshold-too-big"),
        pytest.param({"unknownThreshold": True}, "must be a number from 0 to 1", id="bool-is-no-number"),
        pytest.param({"threads": 0}, "must be a whole number from 1 to 256", id="zero-threads"),
        pytest.param({"threads": 2.5}, "must be a whole number from 1 to 256", id="fractional-threads"),
        pytest.param({"maxSnippetLines": -1}, "must be a whole number from 1 to 100000", id="negative-lines"),
        pytest.param({"diagnosticSeverity": "error"}, "must be information or hint", id="unknown-severity"),
        pytest.param({"colour": "blue"}, "unknown setting snippetLens.colour ignored", id="unknown-key"),
        pytest.param(["enableHover"], "must be an object, got list", id="not-an-object"),
    ],
)
def test_invalid_values_fall_back_to_defaults_with_a_message(raw, message):
    settings, problems = parse_settings(raw)
    assert settings == Settings()
    assert len(problems) == 1 and message in problems[0]


def test_invalid_value_replaces_the_base_value_with_the_default():
    settings, _ = parse_settings({"threads": -2}, base=Settings(threads=3))
    assert settings == Settings(threads=None)


def test_one_bad_value_leaves_the_others():
    settings, problems = parse_settings({"enableHover": False, "threads": "many"})
    assert (settings, len(problems)) == (Settings(enable_hover=False), 1)


def test_values_layer_over_the_base():
    base = Settings(enable_completion=False, unknown_threshold=0.7)
    expected = Settings(enable_completion=False, unknown_threshold=0.2)
    assert parse_settings({"unknownThreshold": 0.2}, base)[0] == expected


@pytest.mark.parametrize(
    ("raw", "section"),
    [
        pytest.param({"snippetLens": {"threads": 2}}, {"threads": 2}, id="wrapped"),
        pytest.param({"threads": 2}, {"threads": 2}, id="flat"),
        pytest.param(None, None, id="none"),
    ],
)
def test_section_of(raw, section):
    assert section_of(raw) == section


def test_wire_names_are_camel_case_and_round_trip():
    wire = to_wire(Settings())
    assert "maxSnippetLines" in wire and wire_name("enable_code_actions") == "enableCodeActions"
    assert parse_settings(wire) == (Settings(), [])


@pytest.mark.parametrize(
    ("settings", "threads"),
    [
        pytest.param(Settings(threads=None), 3, id="unset-keeps-command-line-threads"),
        pytest.param(Settings(threads=6), 6, id="set-overrides"),
    ],
)
def test_engine_settings(settings, threads):
    current = EngineSettings(runtime=RuntimeOptions(intra_op_threads=3, graph_optimization="basic"))
    result = engine_settings(settings, current)
    assert result.runtime == RuntimeOptions(intra_op_threads=threads, graph_optimization="basic")
    assert result.unknown_threshold == settings.unknown_threshold


def test_enable_tags_switches_the_engines_tagger():
    assert engine_settings(Settings(enable_tags=False), EngineSettings()).tags is False
    assert engine_settings(Settings(), EngineSettings(tags=False)).tags is True
