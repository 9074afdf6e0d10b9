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


def test_articles_do_not_stay_in_the_vocabulary():
    """Each article's text is the Doc's one token; the memory zone frees it afterwards, so a
    long run's workers do not keep every text they saw."""
    from pipeline.stages.ingest import InputDoc, sha256
    from pipeline.stages.nlp import load_nlp
    from pipeline.stages.normalise import normalise
    from pipeline.stages.process import process

    nlp = load_nlp()
    texts = [f"测试标题{i}\n2024年3月{i}日，某市召开会议，安排{i}个重点项目。" for i in range(1, 30)]
    process(InputDoc(source="warm.txt", text=texts[0], doc_id=sha256(texts[0].encode())))
    for i, text in enumerate(texts[1:]):
        record = process(InputDoc(source=f"a{i}.txt", text=text, doc_id=sha256(text.encode())))
        assert record.quantities, record
    # (len(vocab) is a counter spaCy never decrements; membership is what frees the memory)
    seen = [normalise(text).text for text in texts]        # what the Doc holds
    assert not any(text in nlp.vocab.strings or text in nlp.vocab for text in seen)
