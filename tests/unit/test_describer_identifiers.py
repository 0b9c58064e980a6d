import pytest

from lsp_server.engine.describer.identifiers import split_identifiers


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("getUserName()", "get user name()"),
        ("def load_config(path):", "def load config(path):"),
        ("x = JSONDecoder()", "x = json decoder()"),
        ("getHTTPResponse", "get http response"),
        ("base64Encode(data)", "base64 encode(data)"),
        ("MAX_SIZE + _private_name", "max size + private name"),
    ],
)
def test_compound_identifiers_become_lowercase_words(code, expected):
    assert split_identifiers(code) == expected


@pytest.mark.parametrize("code", ["self.value", "JSON", "__init__", "$scope", "x1 = 2", "if (a) { b; }"])
def test_single_word_identifiers_and_punctuation_stay(code):
    assert split_identifiers(code) == code
