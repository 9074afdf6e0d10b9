"""The components declare what they read and write (spaCy requires/assigns), and the configured
order satisfies every declaration: an extractor never reads items that are not there yet."""
from pipeline.stages.nlp import load_nlp


def test_every_requirement_is_assigned_earlier():
    analysis = load_nlp().analyze_pipes()
    assert all(not problems for problems in analysis["problems"].values()), analysis["problems"]


def test_each_reader_declares_the_items_it_reads():
    meta = {name: load_nlp().get_pipe_meta(name) for name in load_nlp().pipe_names}
    requires = {name.split("_")[1]: set(m.requires) for name, m in meta.items()}
    assert {"doc._.places", "doc._.dates", "doc._.slogans", "doc._.jurisdiction"} <= requires["officials"]
    assert {"doc._.places", "doc._.dates", "doc._.slogans"} <= requires["quantities"]
    assert "doc._.places" in requires["slogans"]
