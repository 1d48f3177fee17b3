"""The small helpers the API modules share (issue 17): rows.attrs, fileanswer.binary."""

from types import SimpleNamespace

from lvzhi.api import fileanswer
from lvzhi.api.rows import attrs


def test_attrs_copies_the_named_attributes_in_order():
    row = SimpleNamespace(id=7, title="标题", due_on=None, body="not asked for")
    out = attrs(row, "title", "id", "due_on")
    assert out == {"title": "标题", "id": 7, "due_on": None}
    assert list(out) == ["title", "id", "due_on"]


def test_attrs_of_no_names_is_empty():
    assert attrs(SimpleNamespace(id=1)) == {}


def test_binary_describes_a_file_answer():
    assert fileanswer.binary("application/pdf") == {
        "responses": {
            "200": {
                "description": "成功",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    }


def test_binary_keeps_the_other_responses():
    extra = fileanswer.binary("*/*", "文件", {"302": {"description": "重定向"}})
    assert extra["responses"]["200"]["description"] == "文件"
    assert extra["responses"]["302"] == {"description": "重定向"}
