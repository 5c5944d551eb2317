"""The adapter factory on CPU with tiny settings: dataset, training, export with parity, the app
loading the export, and bad configs refused in one line."""

import json
import re
import shutil

import pytest

from dm_companion.overlap import echo, rouge_l
from tools import build_dataset, srd_samples, train_data, train_lora
from tools.evaluate import fact_correct

pytestmark = pytest.mark.model  # every test here runs a real model


@pytest.fixture(scope="module")
def dataset(tmp_path_factory):
    out = tmp_path_factory.mktemp("dataset")
    manifest = build_dataset.build(
        out, per_entity=1, seed=3, paraphrase_count=0, characters=12, fights=12, descriptions=40, flavours=24
    )
    return out, manifest


def test_dataset_tasks_split_and_manifest(dataset):
    out, manifest = dataset
    train = [json.loads(line) for line in (out / "train.jsonl").read_text().splitlines()]
    val = [json.loads(line) for line in (out / "val.jsonl").read_text().splitlines()]
    assert manifest["counts"] == {"train": len(train), "val": len(val)} and len(val) > 20
    assert {r["task"] for r in train} == {
        "stat",
        "rule",
        "refusal",
        "character",
        "narration",
        "query",
        "describe",
        "flavour",
    }
    assert not {r["group"] for r in train} & {r["group"] for r in val}  # no entity in both splits
    ids = [srd_samples.sample_id(r) for r in train + val]
    assert len(ids) == len(set(ids))  # deduplicated
    lich = [r for r in train + val if r["group"] == "monster/lich" and r["task"] == "stat"]
    assert lich and lich[0]["input"].startswith("SRD passage (Lich):")
    refusals = [r["output"] for r in train if r["task"] == "refusal"]  # of an entry, or of rule sections
    assert refusals and all(
        o.startswith(("The passage does not say", "The passages do not say")) for o in refusals
    )
    for record in train + val:  # whole names, even with parentheses ("Deep Gnome (Svirfneblin)")
        if record["output"].startswith("The passage does not say"):
            assert record["output"].endswith(f", not {record['topic']}.")
    again = build_dataset.build(
        out.parent / "again",
        per_entity=1,
        seed=3,
        paraphrase_count=0,
        characters=12,
        fights=12,
        descriptions=40,
        flavours=24,
    )
    assert again["data_sha256"] == manifest["data_sha256"]  # same seed, same data


def test_a_stat_refusal_names_entries_whole():
    """Names with parentheses stay whole: "not Deep Gnome (Svirfneblin)."."""
    import random

    stats = [
        {
            "instruction": f"What is the AC of {name}?",
            "input": f"SRD passage ({name}):\nText.",
            "output": "x",
            "task": "stat",
            "group": f"race/{i}",
            "topic": name,
        }
        for i, name in enumerate(["Deep Gnome (Svirfneblin)", "Minotaur"] * 4)
    ]
    refusals = srd_samples.refusal_samples(stats, random.Random(0), share=1.0)
    assert refusals and all(r["output"].endswith(f", not {r['topic']}.") for r in refusals)
    assert any("not Deep Gnome (Svirfneblin)." in r["output"] for r in refusals)


def test_rule_samples_read_like_the_app_and_copy_the_rule(dataset):
    """A rule question comes with the passages the app would give the model (its own section
    among others, not always first); the answer is copied from its own section; a question shown
    only other rules' sections is answered with a refusal naming them."""
    from dm_companion.assistant.quoting import READ_PASSAGES

    out, _ = dataset
    records = [
        json.loads(line)
        for name in ("train", "val")
        for line in (out / f"{name}.jsonl").read_text().splitlines()
    ]
    rules = [r for r in records if r["task"] == "rule"]
    positions = []
    for record in rules:
        headers = [line for line in record["input"].split("\n") if line.startswith("SRD passage (")]
        assert len(headers) == READ_PASSAGES
        own = [i for i, header in enumerate(headers) if _named(header).split(": ")[-1] == record["topic"]]
        assert len(own) == 1, record["input"][:200]  # never beside another of its name: which says it?
        positions.append(own[0])
        section = record["input"].split(headers[own[0]], 1)[1].split("\n\nSRD passage (", 1)[0]
        assert all(
            piece in section.replace("\n", " ") for piece in re.split(r"(?<=[.!?])\s+", record["output"])
        )
    assert 0.4 < positions.count(0) / len(positions) < 0.8  # usually first, as retrieval ranks it
    rule_refusals = [
        r for r in records if r["task"] == "refusal" and r["output"].startswith("The passages do not say")
    ]
    for record in rule_refusals:
        headers = [line for line in record["input"].split("\n") if line.startswith("SRD passage (")]
        assert not any(_named(header).split(": ")[-1] == record["topic"] for header in headers)
        assert all(_named(header).split(": ")[-1] in record["output"] for header in headers)
    assert rule_refusals


def _named(header: str) -> str:
    """The passage name in a "SRD passage (name):" line."""
    return header[len("SRD passage (") : -len("):")]


def test_rule_answers_are_what_the_rule_is_and_how_it_plays(book):
    from dm_companion.srd.render import all_passages

    passages = {p.name: p for p in all_passages(book)}
    saves = srd_samples.rule_answer(passages["Damage and Healing: Death Saving Throws"])
    assert saves.startswith("Whenever you start your turn with 0 hit points") and "10 or higher" in saves
    assert not saves.startswith("Death Saving Throws.")  # the heading is not part of the answer
    ring = srd_samples.rule_answer(passages["Ring of Resistance"])
    assert ring == "You have resistance to one damage type while wearing this ring."  # no "Ring, rare" line


def test_rule_questions_name_the_rule_as_a_dm_would_beside_what_retrieval_would_give(book):
    """ "How does advantage work?" is asked as well as "How does Advantage and Disadvantage work?",
    and the sections beside a rule include other rules' sections that use its name words, as
    retrieval gives them ("Blinded" speaks of advantage and disadvantage), not only its siblings."""
    from dm_companion.srd.render import all_passages

    assert "advantage" in srd_samples.asked_as("Advantage and Disadvantage")
    rules = [p for p in all_passages(book) if p.kind in ("rule", "condition")]
    own = next(p for p in rules if p.name == "Advantage and Disadvantage")
    others = [p for p in rules if p.id.split("#")[0] != own.id.split("#")[0]]
    words_of = {p.id: srd_samples.words_of(p.text) for p in others}
    neighbours = srd_samples.mentioning(own.name, others, words_of)
    assert len(neighbours) == 6 and all({"advantage", "disadvantage"} <= words_of[p.id] for p in neighbours)


def test_review_decisions_are_applied_on_rebuild(dataset, tmp_path):
    out, _ = dataset
    work = tmp_path / "reviewed"
    shutil.copytree(out, work)
    train = [json.loads(line) for line in (work / "train.jsonl").read_text().splitlines()]
    dropped, edited = train[0], train[1]
    (work / "review.jsonl").write_text(
        json.dumps({"id": srd_samples.sample_id(dropped), "decision": "drop"})
        + "\n"
        + json.dumps({"id": srd_samples.sample_id(edited), "decision": "edit", "output": "Edited."})
        + "\n"
    )
    build_dataset.build(work, per_entity=1, seed=3, paraphrase_count=0, characters=12, fights=12)
    rebuilt = [json.loads(line) for line in (work / "train.jsonl").read_text().splitlines()]
    by_id = {srd_samples.sample_id(r): r for r in rebuilt}
    assert srd_samples.sample_id(dropped) not in by_id
    assert by_id[srd_samples.sample_id(edited)]["output"] == "Edited."


def test_a_few_steps_lower_the_loss(dataset, tmp_path):
    out, _ = dataset
    data = tmp_path / "tiny"
    data.mkdir()
    rows = sorted(
        (line for line in (out / "train.jsonl").read_text().splitlines() if '"task": "stat"' in line), key=len
    )[:12]  # short ones: all fit --max-len, so two epochs of batches of 4 are 6 steps
    (data / "train.jsonl").write_text("\n".join(rows) + "\n")
    (data / "val.jsonl").write_text("\n".join(rows) + "\n")  # judge on the samples trained on
    given = f"--data {data} --out {tmp_path / 'run'} --rank 4 --alpha 8 --lr 2e-3 --batch 4 --epochs 2"
    given += " --max-len 384 --eval-samples 12 --eval-every 0 --save-every 3 --targets q_proj,v_proj"
    metrics = train_lora.train(train_lora.parse(given.split()))
    first, last = metrics["eval_loss"][0][1], metrics["eval_loss"][-1][1]
    assert last < first * 0.9, metrics["eval_loss"]
    assert metrics["steps"] == 6 and metrics["real_tokens"] <= metrics["padded_tokens"]
    assert (tmp_path / "run" / "adapter" / "adapter_model.safetensors").is_file()
    assert (tmp_path / "run" / "checkpoints" / "step-3").is_dir()
    mixed = tmp_path / "mixed"  # the same samples with narration ones that --tasks leaves out
    mixed.mkdir()
    narration = [
        line for line in (out / "train.jsonl").read_text().splitlines() if '"task": "narration"' in line
    ][:4]
    for split in ("train", "val"):
        (mixed / f"{split}.jsonl").write_text("\n".join(rows + narration) + "\n")
    given = (
        f"--data {mixed} --out {tmp_path / 'more'} --from-adapter {tmp_path / 'run' / 'adapter'} --tasks stat"
    )
    given += (
        " --lr 2e-3 --batch 4 --max-steps 1 --max-len 384 --eval-samples 16 --eval-every 0 --save-every 0"
    )
    more = train_lora.train(train_lora.parse(given.split()))
    assert more["samples"] == len(rows)
    assert more["eval_loss"][0][1] == pytest.approx(last, abs=0.01)  # it goes on from the trained adapter


def test_a_task_cap_weights_a_stage_toward_the_other_tasks(dataset, tmp_path):
    out, _ = dataset
    config = train_lora.parse(["--data", str(out), "--out", str(tmp_path), "--tasks", "describe,query:5"])
    train, val = train_data.load_records(config)
    every = [json.loads(line) for line in (out / "train.jsonl").read_text().splitlines()]
    assert [r for r in train if r["task"] == "describe"] == [r for r in every if r["task"] == "describe"]
    assert [r for r in train if r["task"] == "query"] == [r for r in every if r["task"] == "query"][:5]
    assert {r["task"] for r in val} == {"describe", "query"}  # validation keeps the whole of each


def test_query_samples_are_the_readers_own_prompt_and_reading(dataset):
    """A query sample is what `read_question` gives the model (the lookup the name matcher
    offers, then the question) and a reading the grammar allows, some of them none."""
    from dm_companion.assistant.read_question import answer_json, lookup, readable, schema_for
    from dm_companion.srd.repository import srd
    from tools.common import messages

    out, _ = dataset
    records = [
        json.loads(line)
        for name in ("train.jsonl", "val.jsonl")
        for line in (out / f"{name}").read_text().splitlines()
    ]
    queries = [r for r in records if r["task"] == "query"]
    assert len(queries) > 100 and any('"none"' in r["output"] for r in queries)
    book = srd()
    for record in queries[:40]:
        entries = readable(book.mentions(record["instruction"]))
        assert record["input"] == lookup(entries)
        reading = json.loads(record["output"])
        schema = schema_for(entries)["properties"]
        assert (
            reading["entry"] in schema["entry"]["enum"]
            and reading["attribute"] in schema["attribute"]["enum"]
        )
        entry = next(e for e in entries if answer_json(e, reading["attribute"]) == record["output"])
        assert entry.name == record["topic"]
        assert messages(record)[1]["content"].endswith(f"\n\nQuestion: {record['instruction']}")


def test_flavour_samples_agree_with_their_sheet_and_are_not_the_worked_example(dataset):
    """Each flavour sample is asked exactly as the Characters pane asks (its worked example, then
    the sheet's facts), parses as the pane's form, names the sheet's race and class, uses the
    pronouns the facts set and none that contradict them, and shares no sentence with the
    example; the set covers each pronoun choice and more than one look."""
    import re

    from dm_companion.characters import flavour, pronouns
    from dm_companion.overlap import echo, sentences
    from tools.common import messages

    out, _ = dataset
    records = [
        json.loads(line)
        for name in ("train.jsonl", "val.jsonl")
        for line in (out / name).read_text().splitlines()
    ]
    flavours = [r for r in records if r["task"] == "flavour"]
    assert len(flavours) == 24
    seen_pronouns, looks = set(), set()
    for record in flavours:
        facts = dict(line.split(": ", 1) for line in record["input"].splitlines())
        found = flavour.parse(record["output"])
        told = f"{found.appearance} {found.backstory}"
        assert found.name and found.appearance and len(sentences(found.backstory)) == 3
        assert facts["Race"].split()[-1].lower() in found.appearance.lower()
        assert facts["Class"].lower() in found.backstory
        said = set(re.findall(r"[a-z]+", told.lower()))
        if facts.get("Pronouns"):
            assert said & set(pronouns.own(facts["Pronouns"]))
            assert not said & set(pronouns.contradicting(facts["Pronouns"]))
        assert all(echo(s, example) < 0.5 for s in sentences(told) for example in flavour.EXAMPLE_SENTENCES)
        assert messages(record)[:-1] == flavour.prompt(record["input"])
        seen_pronouns.add(facts.get("Pronouns", ""))
        looks.add(found.appearance.split(" with ")[0])
    assert seen_pronouns == {"", "she/her", "he/him", "they/them"} and len(looks) > 5


def test_description_samples_tell_the_notes_in_other_words_and_never_contradict_them(dataset):
    """Every sentence of a description answer stands under the chat's own notes check (no figure
    told otherwise, no note sentence repeated, no prompt read back), follows the notes for at most
    a third of its words, names its subject, and uses nothing of the unrelated note; the prompt is
    the chat's (notes, then the request)."""
    from dm_companion.assistant.chat import SYSTEM_PROMPT
    from dm_companion.assistant.notes_check import NotesCheck, figures
    from dm_companion.overlap import echo, sentences
    from tools.common import messages
    from tools.description_samples import notes_in

    out, _ = dataset
    records = [
        json.loads(line)
        for name in ("train.jsonl", "val.jsonl")
        for line in (out / name).read_text().splitlines()
    ]
    described = [r for r in records if r["task"] == "describe"]
    assert len(described) == 40
    for record in described:
        notes = notes_in(record["input"])
        check = NotesCheck(notes, record["instruction"])
        assert [s for s in sentences(record["output"]) if check.problem(s)] == []
        assert echo(record["output"], record["input"]) <= 1 / 3  # the bound on echo
        assert record["topic"].replace("The ", "") in record["output"]
        name = record["topic"].replace("The ", "")
        subject = next(n for n in notes if n.title.startswith(record["topic"]))
        unrelated = [n for n in notes if name not in n.title and name not in n.text]
        said = {f.text for f in figures(record["output"])}
        assert {f.text for f in figures(subject.text)} <= said  # the note's figure, exactly as given
        assert len(unrelated) == 1 and not said & {f.text for f in figures(unrelated[0].text)}
        turns = messages(record)
        assert turns[0]["content"] == SYSTEM_PROMPT
        assert turns[1]["content"] == f"{record['input']}\n\n{record['instruction']}"


def test_narration_samples_are_the_apps_prompt_told_as_a_scene(dataset):
    out, _ = dataset
    from tools.common import messages

    records = [
        json.loads(line)
        for name in ("train.jsonl", "val.jsonl")
        for line in (out / name).read_text().splitlines()
    ]
    narrations = [r for r in records if r["task"] == "narration"]
    assert narrations
    for record in narrations:
        user = messages(record)[1]["content"]
        assert user.startswith("Beats:\n- ") and "\n\nState now:\n" in user
        # told, not read back: names and weapons are the facts, so some words follow the beats
        # (0.41 of them on average over 300 samples, at most 0.58), never most as a copy would (1.0)
        assert echo(record["output"], record["instruction"]) < 2 / 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rank", "0"], "--rank must be 1 or more, not 0"),
        (["--data", "/nowhere"], "data file not found: /nowhere/train.jsonl"),
        (["--targets", "q_proj,attn_q"], "unknown target module 'attn_q'"),
        (["--schedule", "sawtooth"], "unknown --schedule 'sawtooth'"),
        (["--from-adapter", "/nowhere"], "--from-adapter /nowhere is neither a saved PEFT adapter"),
        (["--4bit"], "4-bit QLoRA needs CUDA (bitsandbytes); this machine has no GPU"),
        (["--tasks", "rule,lore"], "no training samples of task 'lore'"),
    ],
)
def test_bad_configs_fail_with_one_clear_message(dataset, args, message, capsys, tmp_path):
    out, _ = dataset
    code = train_lora.main(["--data", str(out), "--out", str(tmp_path / "run"), "--max-steps", "1", *args])
    errors = [line for line in capsys.readouterr().err.splitlines() if line.startswith("train_lora:")]
    assert code == 1 and len(errors) == 1 and message in errors[0]


def test_evaluation_metrics():
    assert rouge_l("the goblin has armor class 15", "A goblin has armor class 15.") == pytest.approx(
        0.833, abs=0.01
    )
    assert rouge_l("", "anything") == 0.0
    assert (
        fact_correct("It has 135 hit points and AC 17.", "A Lich has 135 hit points (18d8 + 54), AC 17.")
        is False
    )
    assert fact_correct("135 hit points, 18d8 + 54", "A Lich has 135 hit points (18d8 + 54).")


def test_the_held_out_rules_questions_never_reach_the_training_data(tmp_path):
    """benchmarks/data/rules_qa_other.jsonl and question_reader.jsonl are written in other
    people's phrasings to measure rules answers and the question reader on wording the dataset
    never taught: none of their questions may be in the data the shipped adapter was trained on
    (the builder's defaults)."""
    from dm_companion.paths import REPO_ROOT

    manifest = build_dataset.build(
        tmp_path, per_entity=2, seed=0, paraphrase_count=0, characters=300, fights=300
    )
    held_out = [
        json.loads(line)["q"]
        for name in ("rules_qa_other.jsonl", "question_reader.jsonl")
        for line in (REPO_ROOT / "benchmarks" / "data" / name).read_text().splitlines()
    ]
    assert len(held_out) >= 300
    records = [
        json.loads(line)
        for name in ("train.jsonl", "val.jsonl")
        for line in (tmp_path / name).read_text().splitlines()
    ]

    def plain(text):
        return " ".join(re.findall(r"[a-z0-9']+", text.lower()))

    taught = " | ".join(
        plain(r["instruction"]) for r in records
    )  # "... a ghost? | hp of ..." is no "ghost hp"
    assert len(records) == sum(manifest["counts"].values())
    assert [q for q in held_out if plain(q) in taught] == []  # not even inside a taught question
