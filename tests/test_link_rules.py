"""Link forms with their exact positions, and Obsidian's resolution rules."""

from __future__ import annotations

from conftest import check_json, lines


def test_every_link_form_is_found_at_its_position(vault):
    root = vault({
        "Target.md": "# Head\n## Sub\ntext ^blk\n",
        "img.png": b"\x89PNG",
        "Some Note.md": "x\n",
        "src.md": (
            "[[Missing]] [[Target|shown]] [[Target#Nope]] [[Target#^nope]]\n"
            "![[gone.png]] [a](Missing%20Two.md) [b](<Missing Three.md>) [[#Absent]]\n"
            "[[Target#Head]] [[Target#Head#Sub]] [[Target#^blk]] ![[img.png]] [c](Some%20Note.md)\n"
        ),
    })
    assert lines(root) == [
        "src.md:1:1 broken-link",
        "src.md:1:30 broken-heading",
        "src.md:1:46 broken-block",
        "src.md:2:1 broken-link",
        "src.md:2:15 broken-link",
        "src.md:2:37 broken-link",
        "src.md:2:61 broken-heading",
    ]


def test_span_covers_the_link_text(vault):
    root = vault({"a.md": "Участие в [[Сообщество|профессиональном сообществе]].\n"})
    [d] = check_json(root)
    assert (d["line"], d["column"], d["end_line"], d["end_column"]) == (1, 11, 1, 53)


def test_links_in_code_math_and_comments_are_not_checked(vault):
    root = vault({
        "a.md": (
            "`[[code span]]` $[[math]]$ %% [[comment]] %%\n\n"
            "```\n[[fenced]]\n```\n\n    [[indented]]\n\n$$\n[[block math]]\n$$\n\n"
            "%%\n[[block comment]]\n%%\n"
        ),
    })
    assert lines(root) == []


def test_comment_links_checked_when_configured(vault):
    root = vault({
        "a.md": "%% [[comment]] %%\n",
        ".mentorvault.yaml": "check_comments: true\n",
    })
    assert lines(root) == ["a.md:1:4 broken-link"]


def test_resolution_is_case_insensitive_with_cyrillic_and_extensions(vault):
    root = vault({
        "Карьера.md": "x", "Ext.md": "x", "Folder/Deep.md": "x", "Sq]uare.md": "x",
        "a.md": "[[карьера]] [[КАРЬЕРА]] [[Ext.MD]] [[folder/deep]] [[Sq]uare]] [[/Folder/Deep]]\n",
    })
    assert lines(root) == []


def test_partial_path_must_match_whole_folder_names(vault):
    root = vault({"Folder/Deep.md": "x", "a.md": "[[older/Deep]]\n"})
    assert lines(root) == ["a.md:1:1 broken-link"]


def test_attachments_need_their_extension(vault):
    root = vault({"pic.png": b"x", "a.md": "![[pic]] ![[PIC.PNG]]\n"})
    assert lines(root) == ["a.md:1:1 broken-link"]


def test_ambiguous_name_is_a_warning_naming_candidates(vault):
    root = vault({"A/Note.md": "x", "B/Note.md": "x", "C/src.md": "[[Note]]\n"})
    [d] = check_json(root)
    assert d["rule"] == "ambiguous-link" and d["severity"] == "warning"
    assert "A/Note.md" in d["message"] and "B/Note.md" in d["message"]
    assert "from here Obsidian opens A/Note.md" in d["message"]


def test_exact_vault_path_is_not_ambiguous(vault):
    root = vault({"Note.md": "x", "B/Note.md": "x", "B/src.md": "[[Note]] [[B/Note]]\n"})
    assert lines(root) == []


def test_own_folder_wins_but_is_still_reported_ambiguous(vault):
    root = vault({"A/Note.md": "x", "B/Note.md": "x", "B/src.md": "[[Note]]\n"})
    [d] = check_json(root)
    assert "opens B/Note.md" in d["message"]


def test_links_never_leave_the_vault(vault):
    root = vault({"Sub/a.md": "[[../../outside]] [x](../../../etc/passwd) [[../b]]\n", "b.md": "x"})
    assert lines(root) == ["Sub/a.md:1:1 link-outside-vault", "Sub/a.md:1:19 link-outside-vault"]


def test_alias_is_not_a_target_but_a_hint(vault):
    root = vault({"Career.md": "---\naliases: [Карьерный путь]\n---\n", "a.md": "[[Карьерный путь]]\n"})
    [d] = check_json(root)
    assert d["rule"] == "broken-link"
    assert "[[Career|Карьерный путь]]" in d["hint"]


def test_did_you_mean_hint(vault):
    root = vault({"Сообщество.md": "x", "a.md": "[[Сообщесво]]\n"})
    [d] = check_json(root)
    assert d["hint"] == "did you mean [[Сообщество]]?"


def test_subpath_on_a_non_markdown_target_is_not_a_heading(vault):
    root = vault({"Movies.base": "views: []\n", "doc.pdf": b"%PDF", "a.md": "![[Movies.base#Actor]] [[doc.pdf#page=3]]\n"})
    assert lines(root) == []


def test_external_links_are_ignored(vault):
    root = vault({"a.md": "[x](https://example.com) [y](mailto:a@b.c) <https://x.y> [z](obsidian://open)\n"})
    assert lines(root) == []


def test_table_cell_link_with_escaped_pipe(vault):
    root = vault({"a.md": "| a | b |\n|---|---|\n| [[Gone\\|shown]] | [[Also]] |\n"})
    assert lines(root) == ["a.md:3:3 broken-link", "a.md:3:21 broken-link"]


def test_frontmatter_links_and_unquoted_link(vault):
    root = vault({
        "Карьера.md": "x",
        "goal.md": '---\narea: [[Карьера]]\nmentor: "[[Иван Петров]]"\nlinks:\n  - "[[Карьера#Нет]]"\n---\nbody\n',
    })
    assert lines(root) == [
        "goal.md:2:7 unquoted-link",
        "goal.md:3:10 broken-link",
        "goal.md:5:6 broken-heading",
    ]


def test_heading_chain_and_heading_punctuation(vault):
    root = vault({
        "T.md": "# Top\n## Inner: part\n# Other\n## Lone\n",
        "a.md": "[[T#Top#Inner part]] [[T#inner: PART]] [[T#Top#Lone]]\n",
    })
    assert lines(root) == ["a.md:1:40 broken-heading"]


def test_heading_with_a_block_id_is_linkable_both_ways(vault):
    root = vault({"T.md": "## Plan ^plan\ntext\n", "a.md": "[[T#Plan]] [[T#^plan]]\n"})
    assert lines(root) == []


def test_unquoted_link_fix_is_valid_yaml_whatever_the_quotes(vault):
    import yaml

    root = vault({"a.md": "---\nmentor: [[O'Brien \"Bob\"]]\n---\n"})
    [d] = [x for x in check_json(root) if x["rule"] == "unquoted-link"]
    assert d["fixable"]
    from conftest import run_cli

    run_cli("check", str(root), "--fix", "--today", "2026-11-28")
    text = (root / "a.md").read_text()
    assert yaml.safe_load(text.split("---")[1]) == {"mentor": "[[O'Brien \"Bob\"]]"}


def test_heading_links_ignore_punctuation_as_obsidian_does(vault):
    root = vault({
        "H.md": (
            "### How large can each remote vault be?\n## a, b\n## with/slash\n## **Bold** heading\n"
            "## It's \"quoted\" (maybe)\n## Dots v1.2.3\n## The `foo` option\n"
        ),
        "L.md": (
            "[[H#How large can each remote vault be]]\n[[H#a b]]\n[[H#with slash]]\n[[H#Bold heading]]\n"
            "[[H#It's quoted maybe]]\n[[H#Dots v1 2 3]]\n[[H#The foo option]]\n"
            "![[H#How large can each remote vault be]]\n[t](H.md#How%20large%20can%20each%20remote%20vault%20be)\n"
            "[[H#Its quoted maybe]]\n"
        ),
    })
    assert lines(root) == ["L.md:10:1 broken-heading"]


def test_links_in_inline_footnotes_are_checked(vault):
    root = vault({"a.md": "Inline ^[see [[Missing01]] here] end.\n\nMore ^[see [md](Missing02.md)] end.\n\n[^a]: def [[Missing03]]\n"})
    assert lines(root) == ["a.md:1:14 broken-link", "a.md:3:12 broken-link", "a.md:5:11 broken-link"]


def test_names_fold_like_javascript_lowercase(vault):
    root = vault({"Straße.md": "## Maße\n", "L.md": "[[STRASSE]] [[straße#MASSE]] [[STRAẞE#maße]]\n"})
    assert lines(root) == ["L.md:1:1 broken-link", "L.md:1:13 broken-heading"]
